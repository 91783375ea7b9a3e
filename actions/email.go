package actions

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/smtp"
	"os"
	"strings"
	"time"

	"github.com/mistral-go/mistral-go/value"
)

// EmailConfig tunes std.email. Zero fields take the defaults shown.
type EmailConfig struct {
	// DialTimeout bounds connecting to the SMTP server (default 30s).
	DialTimeout time.Duration
	// HelloName is the EHLO name (default: the host name).
	HelloName string
	// VerifyTLS checks the server certificate after STARTTLS. Mistral
	// (Python's smtplib without a context) does not, which is the default.
	VerifyTLS bool
}

type emailRunner struct {
	cfg EmailConfig
}

func newEmailRunner(cfg EmailConfig) *emailRunner {
	cfg.DialTimeout = durationOr(cfg.DialTimeout, 30*time.Second)
	if cfg.HelloName == "" {
		cfg.HelloName, _ = os.Hostname()
		cfg.HelloName = orDefault(cfg.HelloName, "localhost")
	}
	return &emailRunner{cfg: cfg}
}

// emailJob is a bound std.email invocation.
type emailJob struct {
	r                 *emailRunner
	from, server      string
	to, cc, bcc, repl []string
	password          *string
	subject, body     string
	html              string
}

// bind reads the input as SendEmailAction.__init__ does: address inputs
// are lists (a single string is taken as a one-address list), subject and
// body default to "<No subject>" and "<No body>".
func (r *emailRunner) bind(args Args) (runFunc, error) {
	j := &emailJob{
		r:      r,
		from:   value.Str(args.Get("from_addr")),
		server: value.Str(args.Get("smtp_server")),
		to:     addrList(args.Get("to_addrs")),
		cc:     addrList(args.Get("cc_addrs")),
		bcc:    addrList(args.Get("bcc_addrs")),
		repl:   addrList(args.Get("reply_to")),
	}
	j.subject, j.body = "<No subject>", "<No body>"
	if s := args.Get("subject"); value.Truthy(s) {
		j.subject = value.Str(s)
	}
	if s := args.Get("body"); value.Truthy(s) {
		j.body = value.Str(s)
	}
	if s := args.Get("html_body"); value.Truthy(s) {
		j.html = value.Str(s)
	}
	if p := args.Get("smtp_password"); p != nil {
		s := value.Str(p)
		j.password = &s
	}
	return j.run, nil
}

func addrList(v any) []string {
	switch t := v.(type) {
	case nil:
		return nil
	case []any:
		out := make([]string, len(t))
		for i, x := range t {
			out[i] = value.Str(x)
		}
		return out
	case string:
		if t == "" {
			return nil
		}
		return []string{t}
	}
	if !value.Truthy(v) {
		return nil
	}
	return []string{value.Str(v)}
}

func (j *emailJob) run(ctx context.Context, _ *ExecContext) (any, error) {
	msg := emailMessage(j.from, j.to, j.cc, j.repl, j.subject, j.body, j.html)
	rcpt := make([]string, 0, len(j.cc)+len(j.bcc)+len(j.to))
	rcpt = append(append(append(rcpt, j.cc...), j.bcc...), j.to...)
	if err := j.send(ctx, rcpt, msg); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, errors.New("Failed to send an email message: " + err.Error())
	}
	return nil, nil
}

// send talks SMTP: with a password EHLO, STARTTLS, EHLO and AUTH (the
// first of CRAM-MD5, PLAIN, LOGIN the server offers, as smtplib picks).
func (j *emailJob) send(ctx context.Context, rcpt []string, msg []byte) error {
	addr := j.server
	if _, _, err := net.SplitHostPort(addr); err != nil {
		addr = net.JoinHostPort(strings.Trim(addr, "[]"), "25")
	}
	d := net.Dialer{Timeout: j.r.cfg.DialTimeout}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	host, _, _ := net.SplitHostPort(addr)
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return err
	}
	defer c.Close()
	if err := c.Hello(j.r.cfg.HelloName); err != nil {
		return err
	}
	if j.password != nil {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return errors.New("STARTTLS extension not supported by server.")
		}
		cfg := &tls.Config{ServerName: host, InsecureSkipVerify: !j.r.cfg.VerifyTLS} //nolint:gosec // smtplib's default
		if err := c.StartTLS(cfg); err != nil {
			return err
		}
		auth, err := pickAuth(c, host, j.from, *j.password)
		if err != nil {
			return err
		}
		if err := c.Auth(auth); err != nil {
			return err
		}
	}
	if err := c.Mail(j.from); err != nil {
		return err
	}
	for _, r := range rcpt {
		if err := c.Rcpt(r); err != nil {
			return err
		}
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

func pickAuth(c *smtp.Client, host, user, password string) (smtp.Auth, error) {
	ok, mechs := c.Extension("AUTH")
	if !ok {
		return nil, errors.New("SMTP AUTH extension not supported by server.")
	}
	offered := strings.Fields(strings.ToUpper(mechs))
	has := func(m string) bool {
		for _, o := range offered {
			if o == m {
				return true
			}
		}
		return false
	}
	switch {
	case has("CRAM-MD5"):
		return smtp.CRAMMD5Auth(user, password), nil
	case has("PLAIN"):
		return smtp.PlainAuth("", user, password, host), nil
	case has("LOGIN"):
		return &loginAuth{user: user, password: password}, nil
	}
	return nil, errors.New("No suitable authentication method found.")
}

// loginAuth is AUTH LOGIN: the user name, then the password.
type loginAuth struct {
	user, password string
	step           int
}

func (a *loginAuth) Start(*smtp.ServerInfo) (string, []byte, error) { return "LOGIN", nil, nil }

func (a *loginAuth) Next(_ []byte, more bool) ([]byte, error) {
	if !more {
		return nil, nil
	}
	a.step++
	switch a.step {
	case 1:
		return []byte(a.user), nil
	case 2:
		return []byte(a.password), nil
	}
	return nil, errors.New("unexpected server challenge")
}
