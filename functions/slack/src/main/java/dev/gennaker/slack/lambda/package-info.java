/**
 * AWS Lambda entry points of the Slack functions: the interactions webhook that acknowledges at
 * once and queues the work ({@link dev.gennaker.slack.lambda.SlackHttpHandler}), the queue's
 * consumer that does it ({@link dev.gennaker.slack.lambda.SlackWorkHandler}), the reminder sweep
 * ({@link dev.gennaker.slack.lambda.SlackRemindersHandler}) and the API with Slack told of its
 * decisions ({@link dev.gennaker.slack.lambda.ApiWithSlackHandler}).
 */
package dev.gennaker.slack.lambda;
