package hubei

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
)

// sign sets the gateway's headers on one attempt. It runs before every
// attempt, retries included (httpclient.WithPrepare), so each carries a fresh
// timestamp and nonce: the gateway refuses a reused nonce as a replay and
// an old timestamp as skew.
func (c *Client) sign(r *http.Request) error {
	ts := strconv.FormatInt(c.conn.Now().Unix(), 10)
	nonce := rand.Text() // 26 base32 characters, 130 random bits
	sum := sha256.Sum256([]byte(ts + c.cfg.Token + nonce + ts))
	r.Header.Set("x-tif-paasid", c.cfg.PaasID)
	r.Header.Set("x-tif-timestamp", ts)
	r.Header.Set("x-tif-nonce", nonce)
	r.Header.Set("x-tif-signature", strings.ToUpper(hex.EncodeToString(sum[:])))
	return nil
}
