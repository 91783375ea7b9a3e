package main

import (
	"context"
	"errors"
	"flag"
	"os"
	"strings"

	"github.com/mistral-go/mistral-go/actions"
	"github.com/mistral-go/mistral-go/storage"
)

// SurfaceConfig configures the operator routes, dynamic actions and the
// v1 API.
type SurfaceConfig struct {
	// APIKeys are the bearer keys of the v1 API (--api-keys, or the
	// MISTRALD_API_KEYS environment variable, comma-separated); with none
	// the v1 API refuses every request.
	APIKeys []string
	// InfoFile is the JSON document GET /info serves; "" disables it.
	InfoFile string
	// Python runs dynamic actions.
	Python actions.PythonConfig
}

// apiKeysEnv names the environment variable holding v1 API keys (safer
// than the command line, which other users can read).
const apiKeysEnv = "MISTRALD_API_KEYS"

func (c *SurfaceConfig) flags(fs *flag.FlagSet) {
	fs.Func("api-keys", "comma-separated bearer keys of the /v1 API (also $"+apiKeysEnv+")", func(v string) error {
		c.APIKeys = append(c.APIKeys, splitKeys(v)...)
		return nil
	})
	fs.StringVar(&c.InfoFile, "info-file", c.InfoFile, "JSON document served by GET /info (empty disables it)")
	fs.StringVar(&c.Python.Path, "python", c.Python.Path, "Python interpreter of dynamic actions (default python3 from PATH)")
	fs.DurationVar(&c.Python.Timeout, "python-timeout", c.Python.Timeout, "time limit of one dynamic action run (default 60s)")
	fs.Int64Var(&c.Python.Memory, "python-memory", c.Python.Memory, "address-space limit of a dynamic action run in bytes (default 512 MiB)")
}

// fromEnv adds the keys of the environment.
func (c *SurfaceConfig) fromEnv() {
	c.APIKeys = append(c.APIKeys, splitKeys(os.Getenv(apiKeysEnv))...)
}

func splitKeys(v string) []string {
	var out []string
	for _, k := range strings.Split(v, ",") {
		if k = strings.TrimSpace(k); k != "" {
			out = append(out, k)
		}
	}
	return out
}

// inspectClass adapts the Python runner to httpd.Config.InspectClass.
func inspectClass(py *actions.Python) func(ctx context.Context, module, source, class string) (string, string, bool, error) {
	return func(ctx context.Context, module, source, class string) (string, string, bool, error) {
		info, err := py.Inspect(ctx, module, source, class)
		return info.Input, info.Doc, info.HasDoc, err
	}
}

// dynamicActions is the finder of the stored dynamic actions, for the
// engine to consult for action names it does not know.
func dynamicActions(py *actions.Python, surf *storage.Surface) *actions.DynamicActions {
	return actions.NewDynamicActions(py, func(project, namespace, name string) (*actions.DynamicDef, error) {
		d, err := surf.FindDynamicAction(nil, project, namespace, name)
		var nf *storage.NotFoundError
		if errors.As(err, &nf) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		cs, err := surf.CodeSources.Get(d.CodeSourceID)
		if errors.Is(err, storage.ErrNotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		return &actions.DynamicDef{ID: d.ID, Name: d.Name, Namespace: d.Namespace, Module: cs.Name, Source: cs.Content,
			SourceVersion: cs.Version, Class: d.ClassName, Input: d.Input, Description: d.Description,
			HasDescription: d.HasDescription, Inspected: d.Inspected}, nil
	})
}
