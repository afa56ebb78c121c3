package dev.gennaker.agent;

/** Manifest texts the tests apply. */
final class Manifests {
  private Manifests() {}

  static String deployment(String name, String image, int replicas, String configMap) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: %1$s
          labels: {app: %1$s}
        spec:
          replicas: %3$d
          selector:
            matchLabels: {app: %1$s}
          template:
            metadata:
              labels: {app: %1$s}
            spec:
              containers:
              - name: app
                image: %2$s
                ports: [{containerPort: 8080}]
        %4$s
        """
        .formatted(
            name,
            image,
            replicas,
            configMap == null
                ? ""
                : "        envFrom: [{configMapRef: {name: " + configMap + "}}]");
  }

  static String configMap(String name, String color) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: %s}
        data: {color: %s}
        """
        .formatted(name, color);
  }

  static String service(String name) {
    return """
        apiVersion: v1
        kind: Service
        metadata: {name: %1$s}
        spec:
          selector: {app: %1$s}
          ports: [{port: 80, targetPort: 8080}]
        """
        .formatted(name);
  }

  static String job(String name, String image) {
    return """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: %s}
        spec:
          backoffLimit: 1
          template:
            spec:
              restartPolicy: Never
              containers:
              - name: migrate
                image: %s
                args: [migrate, --to, latest]
        """
        .formatted(name, image);
  }

  static String docs(String... docs) {
    return String.join("---\n", docs);
  }
}
