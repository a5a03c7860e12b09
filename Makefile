# civgraph developer tasks. CI runs `make test` (see .ci/).
.PHONY: web deps run test generate

# Browser assets for the playground and playwright-core for the e2e test,
# exactly as pinned in web/package-lock.json.
web:
	npm ci --prefix web --no-audit --no-fund

# System packages the tests need (Chromium for the browser tests,
# redis-server for the shared-cache tests), installed only when missing,
# then the web assets.
deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v redis-server >/dev/null 2>&1 || missing="$$missing redis-server"; \
	if [ -n "$$missing" ]; then \
		echo "installing$$missing"; \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; \
	fi
	$(MAKE) web

run: web
	go run ./cmd/civgraph serve

test: deps
	go test -race -count=1 ./...

generate:
	go generate ./...
