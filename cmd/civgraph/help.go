package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
)

// commandDoc explains one command for `civgraph help CMD` and `CMD -h`.
type commandDoc struct {
	usage    string // synopsis after "civgraph "
	summary  string // one line for the command list
	details  string // paragraphs shown above the flags
	examples string // shell lines shown below the flags
}

var docs = map[string]commandDoc{
	"serve": {
		usage:   "serve [--listen HOST:PORT] [--config FILE]",
		summary: "run the GraphQL gateway, its playground and /healthz",
		details: `Serves GraphQL at /graphql (POST and GET), the GraphiQL playground at /,
liveness at /healthz and readiness at /readyz. Provinces without a base URL
(sources.<province>.base_url) are served by the sample upstream APIs,
started on loopback inside the process with their demo credentials; a
province with a base URL needs the credentials its upstream takes
(civgraph check warns when one is missing).

Settings come from defaults, then --config, then CIVGRAPH_* environment
variables (see config/REFERENCE.md); --listen wins over all of them. The
server stops gracefully on SIGINT or SIGTERM. SIGHUP reloads the
configuration (file and environment) without dropping a request: upstream
URLs, credentials, cache TTLs, timeouts, retries and query limits take
effect at once; an invalid configuration is logged and the running one
kept. Prometheus metrics are at GET /metrics when metrics.listen or
metrics.token is set; OpenTelemetry traces go where the OTEL_* variables
say (off unless OTEL_TRACES_EXPORTER or an OTLP endpoint is set).`,
		examples: `civgraph serve
civgraph serve --listen 127.0.0.1:0                 # any free port; the log names it
CIVGRAPH_LOG_FORMAT=json civgraph serve --config civgraph.yaml
CIVGRAPH_METRICS_LISTEN=127.0.0.1:9464 OTEL_TRACES_EXPORTER=console civgraph serve
kill -HUP "$(pidof civgraph)"                        # reload civgraph.yaml
CIVGRAPH_CORS_ALLOWED_ORIGINS=https://app.example.org civgraph serve`,
	},
	"upstreams": {
		usage:   "upstreams [--listen HOST:PORT] [--sample-sites N] [--seed N] [--faults SPEC] [--admin-token T]",
		summary: "run the four sample upstream APIs alone, for a gateway elsewhere",
		details: `Serves the sample APIs of Hebei, Hubei, Jiangsu and Shanghai on one address,
each under its own prefix (/hebei, /hubei, /jiangsu, /shanghai), each
speaking its province's protocol. Once listening it prints on stdout the
environment lines that point a gateway at them, demo credentials included;
logs go to stderr.

--faults makes provinces misbehave from the start; with an admin token the
faults can be changed while they run (PUT /admin/faults/{province}) and
the calls each province received read (GET /admin/counters): see
civgraph help chaos.`,
		examples: `civgraph upstreams --listen 127.0.0.1:9090 | tee upstreams.env
set -a; . ./upstreams.env; set +a; civgraph serve --listen 127.0.0.1:8081   # in another shell
civgraph upstreams --sample-sites 0                 # only the real service-site records
civgraph upstreams --faults hubei=outage,hebei=error:0.3,shanghai=throttle:0.5:30s`,
	},
	"chaos": {
		usage:   "chaos [--profile NAME] [--duration D] [--rate N] [--gateway URL] [--upstreams URL] [--admin-token T]",
		summary: "measure a running gateway while running sample upstreams misbehave",
		details: `Sets a named fault profile on sample upstreams started with
'civgraph upstreams --admin-token T' (or SAMPLEAPI_ADMIN_TOKEN), sends
distinct, uncached four-province queries at a gateway pointed at them, at
--rate per second for --duration, then clears the faults and prints the
share of answers with all data and no error, with partial data, with no
data and with stale data, latency p50/p99/max, and per province the
upstream calls made, the faults injected and the extensions.sources
states seen.`,
		examples: `SAMPLEAPI_ADMIN_TOKEN=$(openssl rand -hex 16) civgraph upstreams | tee upstreams.env   # shell 1
set -a; . ./upstreams.env; set +a; civgraph serve                                   # shell 2
civgraph chaos --profile flaky --duration 20s --rate 20 --admin-token …              # shell 3`,
	},
	"bench": {
		usage:   "bench [--smoke] [--duration D] [--sites N] [--large-sites N] [--latency D] [--clients N] [--sustain D] [--peer=false] [--peer-cache DIR] …",
		summary: "measure the gateway against a raw handler, its upstreams and Hive Gateway; PASS/FAIL per target",
		details: `Starts sample upstreams and gateways as child processes of this binary,
drives load at them over loopback (vegeta's library, closed loop) and
prints for each scenario throughput, p50/p95/p99, the gateway's
allocations per request (from its debug.listen /debug/vars) and peak RSS,
beside two baselines measured in the same run, alternating with it: a
plain net/http handler serving the gateway's very answer bytes, and the
upstream called directly. Then PASS or FAIL for each performance target
(see BENCHMARKS.md), judged from ratios of figures of this run; it exits
1 when one fails.

Scenarios: cached pages (one and four provinces, with and without the
whole-response cache), 100-row pages, a nested query, an uncached (TTL 0)
page, cold four-province pages with --latency upstreams (also across an
upstream page boundary), a page of each province at --sites and at
--large-sites sites per province, and --clients clients for --sustain.

The peer: the cached single- and four-province and the uncached pages are
also measured against Hive Gateway (its response cache on or off, one or
two workers) serving the same Hebei sites from the same upstream process,
in the same alternating rounds. Its pinned npm packages are installed once
with npm ci under --peer-cache (about 500 MB); without node and npm, or when
the install fails, the two Hive targets print SKIP with the reason.
--peer=false leaves it out.

--smoke runs every scenario for a fraction of a second on small data and
fails only on errors, never on timing (single-worker Hive only). A full run takes about ten minutes
and, at a million sites per province, about 3 GB of memory for the sample
upstreams.`,
		examples: `civgraph bench --smoke
civgraph bench | tee bench.md
civgraph bench --large-sites 100000 --sustain 20s --duration 3s
civgraph bench --only 'cached-1|cached-4$|uncached-1' --duration 6s   # the Hive comparison alone`,
	},
	"check": {
		usage:   "check [--config FILE]",
		summary: "validate the configuration and print it, credentials redacted",
		details: `Loads the configuration exactly as serve would (defaults, --config,
CIVGRAPH_* environment, *_file credentials), reports every invalid setting
by its key and exits 1, or prints the effective configuration as YAML with
credentials redacted. Warnings (for example a base URL without the
credentials its upstream needs, or a CIVGRAPH_ variable that names no
setting) go to stderr and do not change the exit code.`,
		examples: `civgraph check
civgraph check --config civgraph.yaml
CIVGRAPH_SOURCES_HEBEI_BASE_URL=https://hebei.example.org civgraph check   # warns: no app_key`,
	},
	"cache": {
		usage:   "cache purge --province P [--url URL] [--config FILE]",
		summary: "drop one province's cached answers in a running gateway",
		details: `Asks a running gateway to drop every cached answer of one province, in
memory and in its cache file, through POST /admin/cache/purge. The admin
token comes from the same settings the gateway reads: CIVGRAPH_CACHE_ADMIN_TOKEN
or cache.admin_token_file (the endpoint exists only when the gateway has one).`,
		examples: `CIVGRAPH_CACHE_ADMIN_TOKEN=... civgraph cache purge --province HUBEI
civgraph cache purge --province SHANGHAI --url http://10.0.0.5:8080 --config civgraph.yaml`,
	},
	"hash-key": {
		usage:   "hash-key [--generate]",
		summary: "print the SHA-256 of an API key, for auth.api_keys_file",
		details: `Reads one API key from standard input and prints its SHA-256 in hex, the
form auth.api_keys_file stores (the gateway never keeps the key itself).
With --generate it makes a new random key, prints it once and its hash.`,
		examples: `civgraph hash-key --generate
echo 'cg_an-existing-key-of-24-or-more-chars' | civgraph hash-key`,
	},
	"query": {
		usage:   "query (--query DOC | --file FILE) [--url URL] [--variables JSON] [--format json|csv] [--rows PATH] [--partial] [--header 'Name: value'] [--output FILE]",
		summary: "send a GraphQL operation to a gateway; print the answer as JSON or CSV",
		details: `Posts the document to a running gateway and prints its answer. With
--format csv the answer becomes one table: the objects of the list at
--rows (a dotted path such as serviceSites.edges.node; by default the
answer's only list, or a connection's nodes or its edges' nodes) are the
rows, each leaf field a column named by its dotted path (region.name), a
list of values one cell joined by "; ". The file is UTF-8 with a byte-order mark, so that Excel reads
Chinese; a text cell that would start a formula (= + - @) gets a
leading apostrophe.

An answer with errors is not exported (exit 1, the errors on stderr): a
CSV file cannot say that rows are missing. --partial exports an answer
whose errors all name a province, and names those provinces on stderr.
A running gateway serves the same export over HTTP for persisted
operations: GET /export.csv?id=HASH (see the README).`,
		examples: `civgraph query --query '{ provinces { code name } }'
civgraph query --format csv --output sites.csv --query '{ serviceSites(first: 100) { edges { node { id name province { name } region { name } } } } }'
civgraph query --format csv --partial --file sites.graphql --variables '{"first":50}' --header "X-API-Key: $KEY"`,
	},
	"healthcheck": {
		usage:   "healthcheck [--url URL] [--timeout D]",
		summary: "probe a running gateway's /healthz; exit 0 when it answers 200",
		details: `Asks /healthz of a gateway on this machine and exits 0 on 200, 1 otherwise:
the container image's HEALTHCHECK, which has no shell or curl to run. By
default it probes loopback at the port of CIVGRAPH_LISTEN (a gateway
listening on 0.0.0.0 is reached on 127.0.0.1), else 127.0.0.1:8080.`,
		examples: `civgraph healthcheck
CIVGRAPH_LISTEN=0.0.0.0:9000 civgraph healthcheck    # probes http://127.0.0.1:9000/healthz
civgraph healthcheck --url http://127.0.0.1:8080/readyz`,
	},
	"version": {
		usage:   "version",
		summary: "print the module version, VCS revision and Go version",
		details: `Prints the version recorded in the binary's build information: the module
version (a tag when installed with go install MODULE@VERSION; a
pseudo-version built from the commit, +dirty when the tree had changes,
when built in a clone), the VCS revision and commit time, whether the
working tree had uncommitted changes, and the Go toolchain. go run and
-buildvcs=false record no revision.`,
		examples: `civgraph version`,
	},
	"help": {
		usage:    "help [command]",
		summary:  "explain civgraph or one of its commands",
		details:  `Without a command, lists the commands; with one, explains it, its flags and examples.`,
		examples: "civgraph help\ncivgraph help serve",
	},
}

// commandOrder is the order of the command list.
var commandOrder = []string{"serve", "upstreams", "chaos", "bench", "check", "cache", "hash-key", "query", "healthcheck", "version", "help"}

// writeUsage prints the overview `civgraph help` shows.
func writeUsage(w io.Writer) {
	var b strings.Builder
	b.WriteString(`civgraph is a GraphQL gateway over the civil-affairs (民政) data of Hebei,
Hubei, Jiangsu and Shanghai.

usage: civgraph <command> [flags]

commands:
`)
	for _, name := range commandOrder {
		fmt.Fprintf(&b, "  %-11s %s\n", name, docs[name].summary)
	}
	b.WriteString(`
examples:
  civgraph serve                          # gateway, sample upstreams and playground at http://127.0.0.1:8080/
  civgraph check --config civgraph.yaml   # validate a configuration
  civgraph help serve                     # a command's flags, details and examples

Run 'civgraph help <command>' or 'civgraph <command> -h' for more.
`)
	_, _ = io.WriteString(w, b.String())
}

// writeCommandHelp prints one command's synopsis, details, flags and
// examples.
func writeCommandHelp(w io.Writer, name string, fs *flag.FlagSet) {
	d := docs[name]
	fmt.Fprintf(w, "usage: civgraph %s\n\n%s\n", d.usage, d.details)
	hasFlags := false
	fs.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		fmt.Fprint(w, "\nflags:\n")
		out := fs.Output()
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(out)
	}
	fmt.Fprint(w, "\nexamples:\n")
	for line := range strings.SplitSeq(d.examples, "\n") {
		fmt.Fprintf(w, "  %s\n", line)
	}
}

// help is the help command without a command to explain (run turns
// `help CMD` into `CMD -h`): the overview, or help's own help.
func help(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("help", stdout, stderr)
	if err := fs.parse(args); err != nil {
		return err
	}
	writeUsage(stdout)
	return nil
}
