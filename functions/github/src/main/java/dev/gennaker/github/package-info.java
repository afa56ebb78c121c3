/** Webhooks that start pipelines: GitHub, container registries, schedules, chained pipelines. */
package dev.gennaker.github;
