/**
 * A small HTTP request/response model that the API's functions are written against once, with
 * routing and problem documents (RFC 9457); adapters turn Lambda, Cloud Functions and local
 * requests into it.
 */
package dev.gennaker.api.http;
