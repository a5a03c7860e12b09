package faults

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
)

// Admin API paths, relative to where AdminHandler is mounted.
const (
	AdminFaultsPath   = "/admin/faults"
	AdminCountersPath = "/admin/counters"
	maxAdminBody      = 16 << 10
)

// AdminHandler serves the admin API, for callers presenting
// "Authorization: Bearer token":
//
//	GET    /admin/faults          every upstream's profile
//	GET    /admin/faults/{name}   one profile
//	PUT    /admin/faults/{name}   replace it (JSON Profile)
//	DELETE /admin/faults/{name}   stop injecting faults there
//	GET    /admin/counters        calls seen per upstream
//	DELETE /admin/counters        set the counters back to zero
//
// With an empty token the API is disabled and every path answers 404, so
// that fault injection cannot be switched on by anyone by default.
func (in *Injector) AdminHandler(token string) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+AdminFaultsPath, func(w http.ResponseWriter, _ *http.Request) {
		all := map[string]Profile{}
		for _, n := range in.names {
			all[n], _ = in.Profile(n)
		}
		writeJSON(w, http.StatusOK, all)
	})
	mux.HandleFunc("GET "+AdminFaultsPath+"/{name}", func(w http.ResponseWriter, r *http.Request) {
		p, ok := in.Profile(r.PathValue("name"))
		if !ok {
			writeError(w, http.StatusNotFound, errUnknown(r.PathValue("name")))
			return
		}
		writeJSON(w, http.StatusOK, p)
	})
	mux.HandleFunc("PUT "+AdminFaultsPath+"/{name}", func(w http.ResponseWriter, r *http.Request) {
		var p Profile
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxAdminBody))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&p); err != nil {
			writeError(w, http.StatusBadRequest, errors.New("body must be one JSON fault profile: "+err.Error()))
			return
		}
		if err := in.Set(r.PathValue("name"), p); err != nil {
			status := http.StatusBadRequest
			if errors.As(err, new(errUnknown)) {
				status = http.StatusNotFound
			}
			writeError(w, status, err)
			return
		}
		writeJSON(w, http.StatusOK, p)
	})
	mux.HandleFunc("DELETE "+AdminFaultsPath+"/{name}", func(w http.ResponseWriter, r *http.Request) {
		if err := in.Set(r.PathValue("name"), Profile{}); err != nil {
			writeError(w, http.StatusNotFound, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET "+AdminCountersPath, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, in.Counters())
	})
	mux.HandleFunc("DELETE "+AdminCountersPath, func(w http.ResponseWriter, _ *http.Request) {
		in.ResetCounters()
		w.WriteHeader(http.StatusNoContent)
	})

	want := sha256.Sum256([]byte(token))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token == "" {
			http.NotFound(w, r)
			return
		}
		// Compare digests in constant time, so that neither the token's
		// bytes nor its length leak through timing.
		given, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		got := sha256.Sum256([]byte(given))
		if subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="sample upstreams admin"`)
			writeError(w, http.StatusUnauthorized, errors.New("a valid admin bearer token is required"))
			return
		}
		mux.ServeHTTP(w, r)
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, err error) {
	writeJSON(w, status, map[string]string{"error": err.Error()})
}
