/** The API's functions on the Google Cloud Functions Framework (also usable to serve them). */
package dev.gennaker.api.gcf;
