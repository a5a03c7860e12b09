// Package baseurl is the one check of an upstream's base URL, shared by
// config validation and every connector, so that what one accepts the
// other does.
//
// It is a leaf: it imports nothing of ours, so config can use it without
// importing connectors.
package baseurl
