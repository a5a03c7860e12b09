// Command civgraph runs the civil-affairs GraphQL federation gateway.
//
//	civgraph serve     [--listen HOST:PORT] [--config FILE]   run the gateway
//	civgraph upstreams [--listen HOST:PORT] [--sample-sites N] [--seed N]
//	                                                          run the four sample upstream APIs alone
//	civgraph check     [--config FILE]                        validate and print the effective config
//	civgraph version                                          print the version from the build info
//	civgraph help [command]                                   explain a command (also -h, --help)
//
// Configuration comes from defaults, the YAML file and CIVGRAPH_* environment
// variables (see config/REFERENCE.md); flags override both. With no
// configuration at all, serve starts the sample upstream APIs inside the
// process (internal/embedded) and needs no credentials; the gateway package
// itself knows nothing of them.
//
// main only wires packages together; it holds no business logic.
package main
