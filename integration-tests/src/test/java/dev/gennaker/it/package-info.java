/** End-to-end suites: they drive the product only from outside, through its commands and HTTP. */
package dev.gennaker.it;
