/** The API's functions as AWS Lambda handlers behind an API Gateway HTTP API (payload v2). */
package dev.gennaker.api.lambda;
