package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/civgraph/civgraph/auth"
)

// stdin is where hash-key reads a key; tests replace it.
var stdin io.Reader = os.Stdin

// minKeyLength is the shortest key hash-key accepts: a fast hash is safe
// only for keys too long and random to guess.
const minKeyLength = 24

// hashKey prints the SHA-256 of an API key read from standard input, or
// makes a new random key with --generate, in the form auth.api_keys_file
// lists.
func hashKey(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("hash-key", stdout, stderr)
	generate := fs.Bool("generate", false, "make a new random key and print it with its hash")
	if err := fs.parse(args); err != nil {
		return err
	}
	var key string
	if *generate {
		b := make([]byte, 32)
		_, _ = rand.Read(b)
		key = "cg_" + base64.RawURLEncoding.EncodeToString(b)
		fmt.Fprintf(stdout, "key: %s\n", key)
	} else {
		line, err := bufio.NewReader(io.LimitReader(stdin, auth.MaxKeyLength+2)).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		key = strings.TrimSpace(line)
		if len(key) < minKeyLength || len(key) > auth.MaxKeyLength {
			return fmt.Errorf("want a key of %d to %d characters on standard input (or --generate)", minKeyLength, auth.MaxKeyLength)
		}
	}
	fmt.Fprintf(stdout, "sha256: %s\n", auth.HashKey(key))
	return nil
}
