package actions

import "time"

// stdClassPrefix is the Python module of every std action class.
const stdClassPrefix = "mistral.actions.std_actions."

// httpSpec is the signature of std.http and std.mistral_http.
const httpSpec = `url, method="GET", params=null, body=null, json=null, headers=null, cookies=null, auth=null, timeout=null, allow_redirects=null, proxies=null, verify=null`

// Config tunes the std actions. The zero Config is ready to use.
type Config struct {
	// HTTP tunes std.http and std.mistral_http.
	HTTP HTTPConfig
	// JS bounds std.javascript / std.js.
	JS JSConfig
	// SSH tunes std.ssh and std.ssh_proxied.
	SSH SSHConfig
	// Email tunes std.email.
	Email EmailConfig
}

// Std returns a registry holding every std action of Mistral 15
// (std.wait_ssh is an ad-hoc action: see WaitSSHDefinition).
func Std(cfg Config) *Registry {
	h := newHTTPRunner(cfg.HTTP)
	js := newJSRunner(cfg.JS)
	ssh := newSSHRunner(cfg.SSH)
	email := newEmailRunner(cfg.Email)
	list := []*Action{
		{Name: "std.noop", Class: "NoOpAction", Description: descNoop, bind: bindNoop},
		{Name: "std.async_noop", Class: "AsyncNoOpAction", Description: descAsyncNoop, Async: true, bind: bindNoop},
		{Name: "std.echo", Class: "EchoAction", Description: descEcho, Signature: mustSignature("output, delay=0"), bind: bindEcho},
		{Name: "std.fail", Class: "FailAction", Description: descFail, Signature: mustSignature("error_data=null"), bind: bindFail, repr: "Fail action"},
		{Name: "std.sleep", Class: "SleepAction", Description: descSleep, Signature: mustSignature("seconds=1"), bind: bindSleep},
		{Name: "std.test_dict", Class: "TestDictAction", Description: descTestDict, Signature: mustSignature(`size=0, key_prefix="", val=""`), bind: bindTestDict},
		{Name: "std.http", Class: "HTTPAction", Description: descHTTP, Signature: mustSignature(httpSpec), bind: h.bindHTTP},
		{Name: "std.mistral_http", Class: "MistralHTTPAction", Description: descHTTP, Signature: mustSignature(httpSpec), Async: true, bind: h.bindMistralHTTP},
		{Name: "std.email", Class: "SendEmailAction", Description: descBaseAction, Signature: mustSignature(`from_addr, to_addrs, smtp_server, reply_to=null, cc_addrs=null, bcc_addrs=null, smtp_password=null, subject=null, body=null, html_body=null`), bind: email.bind},
		{Name: "std.ssh", Class: "SSHAction", Description: descSSH, Signature: mustSignature(`cmd, host, username, password="", private_key_filename=null, private_key=null`), bind: ssh.bindSSH},
		{Name: "std.ssh_proxied", Class: "SSHProxiedAction", Description: descSSH, Signature: mustSignature(`cmd, host, username, private_key_filename, gateway_host, gateway_username=null, password=null, proxy_command=null, private_key=null`), bind: ssh.bindProxied},
		{Name: "std.javascript", Class: "JavaScriptAction", Description: descJavaScript, Signature: mustSignature("script, context=null"), bind: js.bind},
		{Name: "std.js", Class: "JavaScriptAction", Description: descJavaScript, Signature: mustSignature("script, context=null"), bind: js.bind},
	}
	r := NewRegistry()
	for _, a := range list {
		a.Class = stdClassPrefix + a.Class
		if a.Signature == nil {
			a.Signature = mustSignature("")
		}
		if a.Name == "std.noop" {
			a.shared = &Call{Action: a, run: runNoop}
		}
		if err := r.Register(a); err != nil {
			panic(err)
		}
	}
	return r
}

// orDefault returns v, or def when v is zero.
func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// durationOr is orDefault for durations, treating negatives as zero.
func durationOr(v, def time.Duration) time.Duration {
	if v <= 0 {
		return def
	}
	return v
}
