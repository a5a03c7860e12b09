// Command kubeschemas writes JSON schemas of the Kubernetes objects that
// deploy/kubernetes uses, for kubeconform, which otherwise downloads them
// from the network. They are reflected from the Go API types of the pinned
// k8s.io/api module (go.mod): field names from their json tags, a field
// without omitempty or omitzero required, no field beyond the type's
// (kubeconform -strict), and the types that marshal as something else than
// their Go shape (quantities, int-or-string, times) mapped by hand.
//
//	go run . DIR
//
// Each schema is named as kubeconform's -schema-location template
// {{.ResourceKind}}{{.KindSuffix}}.json expects, e.g.
// deployment-apps-v1.json, service-v1.json.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/invopop/jsonschema"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// kinds are the objects deploy/kubernetes may hold, by group and version
// ("" is the core group).
var kinds = []struct {
	group, version string
	obj            any
}{
	{"apps", "v1", appsv1.Deployment{}},
	{"", "v1", corev1.Service{}},
	{"", "v1", corev1.ConfigMap{}},
	{"", "v1", corev1.Secret{}},
	{"", "v1", corev1.ServiceAccount{}},
	{"autoscaling", "v2", autoscalingv2.HorizontalPodAutoscaler{}},
	{"policy", "v1", policyv1.PodDisruptionBudget{}},
	{"networking.k8s.io", "v1", networkingv1.NetworkPolicy{}},
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run . DIR")
		os.Exit(2)
	}
	if err := write(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "kubeschemas:", err)
		os.Exit(1)
	}
}

func write(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	r := &jsonschema.Reflector{DoNotReference: true, ExpandedStruct: true, Anonymous: true, Mapper: special}
	for _, k := range kinds {
		t := reflect.TypeOf(k.obj)
		s := r.ReflectFromType(t)
		// kubeconform finds the schema by these; the object must name them.
		s.Required = append(s.Required, "apiVersion", "kind")
		apiVersion := k.version
		suffix := "-" + k.version
		if k.group != "" { // kubeconform names a group by its first label
			apiVersion = k.group + "/" + k.version
			suffix = "-" + strings.Split(k.group, ".")[0] + suffix
		}
		s.Properties.Set("apiVersion", &jsonschema.Schema{Type: "string", Enum: []any{apiVersion}})
		s.Properties.Set("kind", &jsonschema.Schema{Type: "string", Enum: []any{t.Name()}})
		b, err := json.MarshalIndent(s, "", "  ")
		if err != nil {
			return err
		}
		name := filepath.Join(dir, strings.ToLower(t.Name())+suffix+".json")
		if err := os.WriteFile(name, append(b, '\n'), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// special maps the API types whose JSON is not their Go structure.
func special(t reflect.Type) *jsonschema.Schema {
	switch t {
	case reflect.TypeOf(resource.Quantity{}): // "500m", "1Gi" or a number
		return &jsonschema.Schema{OneOf: []*jsonschema.Schema{{Type: "string", Pattern: `^[+-]?[0-9.]+([eE][+-]?[0-9]+|[numkMGTPE]i?)?$`}, {Type: "number"}}}
	case reflect.TypeOf(intstr.IntOrString{}): // a port number or name, a count or a percentage
		return &jsonschema.Schema{OneOf: []*jsonschema.Schema{{Type: "integer"}, {Type: "string"}}}
	case reflect.TypeOf(metav1.Time{}), reflect.TypeOf(metav1.MicroTime{}):
		return &jsonschema.Schema{OneOf: []*jsonschema.Schema{{Type: "string", Format: "date-time"}, {Type: "null"}}}
	case reflect.TypeOf(metav1.Duration{}):
		return &jsonschema.Schema{Type: "string"}
	case reflect.TypeOf(runtime.RawExtension{}), reflect.TypeOf(metav1.FieldsV1{}):
		return &jsonschema.Schema{Type: "object"}
	}
	return nil
}
