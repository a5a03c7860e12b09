// Package config is civgraph's configuration: plain structs with defaults as
// named constants, read from an optional YAML file, overridden by
// environment variables derived from each setting's YAML path
// (CIVGRAPH_SOURCES_HEBEI_BASE_URL for sources.hebei.base_url), and validated
// once at start-up with errors that name the offending key.
//
// Credentials are never written in the YAML file: the file may only name a
// file holding one (app_key_file, token_file, …), or the value comes from the
// environment. Printing or logging a Config redacts them.
//
// The package imports only the domain package civ and the leaf
// connectors/baseurl (the one base-URL check it shares with the
// connectors); it must not import the gateway, server, connectors or
// anything that does I/O beyond reading the config and credential files.
package config
