package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/civgraph/civgraph/config"
)

// TestKubernetesManifestsConfigureTheGateway reads the environment the
// Kubernetes manifests give the gateway (the ConfigMap's CIVGRAPH_*
// settings and the Deployment's Secret references) and checks that every
// name is a setting and that the result loads and validates, as
// civgraph serve would in the pod. kubeconform checks the manifests'
// shape; this checks what they say to civgraph.
func TestKubernetesManifestsConfigureTheGateway(t *testing.T) {
	env := map[string]string{}
	for _, doc := range yamlDocs(t, "../../deploy/kubernetes/configmap.yaml") {
		var cm struct {
			Kind string
			Data map[string]string
		}
		if err := doc.Decode(&cm); err != nil || cm.Kind != "ConfigMap" {
			t.Fatalf("configmap.yaml: %v (kind %q)", err, cm.Kind)
		}
		for k, v := range cm.Data {
			env[k] = v
		}
	}
	refs := 0
	for _, doc := range yamlDocs(t, "../../deploy/kubernetes/deployment.yaml") {
		var d struct {
			Spec struct {
				Template struct {
					Spec struct {
						Containers []struct {
							Env []struct {
								Name      string
								ValueFrom struct {
									SecretKeyRef *struct{ Key string } `yaml:"secretKeyRef"`
								} `yaml:"valueFrom"`
							}
						}
					}
				}
			}
		}
		if err := doc.Decode(&d); err != nil {
			t.Fatal(err)
		}
		for _, c := range d.Spec.Template.Spec.Containers {
			for _, e := range c.Env {
				if e.ValueFrom.SecretKeyRef == nil {
					t.Errorf("%s is set in the Deployment, not from a Secret: settings belong in the ConfigMap", e.Name)
					continue
				}
				refs++
				// A value of the length the README's openssl command makes.
				env[e.Name] = strings.Repeat("s", 32)
			}
		}
	}
	if len(env) < 5 || refs == 0 {
		t.Fatalf("read %d settings and %d Secret references: the manifests were not understood", len(env), refs)
	}
	var list []string
	for k, v := range env {
		list = append(list, k+"="+v)
	}
	if unknown := config.UnknownEnv(list); len(unknown) > 0 {
		t.Errorf("the manifests set %v, which are not settings (config/REFERENCE.md)", unknown)
	}
	if _, err := config.Load("", func(k string) (string, bool) { v, ok := env[k]; return v, ok }); err != nil {
		t.Errorf("the manifests' configuration does not load: %v", err)
	}
}

func yamlDocs(t *testing.T, path string) []*yaml.Decoder {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// One decoder per document, so each decodes into its own struct.
	var docs []*yaml.Decoder
	dec := yaml.NewDecoder(bytes.NewReader(b))
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out, _ := yaml.Marshal(&n)
		docs = append(docs, yaml.NewDecoder(bytes.NewReader(out)))
	}
	return docs
}
