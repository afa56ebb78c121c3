/** AWS Lambda entry points of the trigger functions: the webhooks and the schedule firing. */
package dev.gennaker.github.lambda;
