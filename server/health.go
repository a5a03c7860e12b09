package server

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

const (
	healthTimeout   = 2 * time.Second
	maxReasonLength = 200
)

// health answers 200 "ok" when ready reports nil, else 503 with a short
// JSON reason.
func health(ready func(context.Context) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		var err error
		if ready != nil {
			ctx, cancel := context.WithTimeout(r.Context(), healthTimeout)
			defer cancel()
			err = ready(ctx)
		}
		if err == nil {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			_, _ = w.Write([]byte("ok\n"))
			return
		}
		reason := []rune(err.Error())
		if len(reason) > maxReasonLength {
			reason = append(reason[:maxReasonLength], '…')
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusServiceUnavailable)
		_ = json.NewEncoder(w).Encode(map[string]string{"status": "unavailable", "reason": string(reason)})
	})
}
