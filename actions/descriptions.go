// The std action descriptions, captured from GET /v2/actions of Mistral 15
// (testdata/oracle_std_actions.json; TestCatalogMatchesOracle keeps them
// equal). Clients see these texts, so they must match byte for byte.

package actions

const (
	// descAsyncNoop is the description of std.async_noop.
	descAsyncNoop = `Asynchronous no-operation action.`
	// descEcho is the description of std.echo.
	descEcho = `Echo action.

This action just returns a configured value as a result without doing
anything else. The value of such action implementation is that it
can be used in development (for testing), demonstration and designing
of workflows themselves where echo action can play the role of temporary
stub.`
	// descBaseAction is the description of std.email.
	descBaseAction = `Action.

Action is a means in Mistral to perform some useful work associated with
a workflow during its execution. Every workflow task is configured with
an action and when the task runs it eventually delegates to the action.
When it happens task parameters get evaluated (calculating expressions,
if any) and are treated as action parameters. So in a regular general
purpose languages terminology action is a method declaration and task is
a method call.

Base action class initializer doesn't have arguments. However, concrete
action classes may have any number of parameters defining action behavior.
These parameters must correspond to parameters declared in action
specification (e.g. using DSL or others).`
	// descFail is the description of std.fail.
	descFail = `'Always fail' action.

If you pass the ` + "`" + `error_data` + "`" + ` parameter, this action will be failed and
return this data as error data. Otherwise, the action just throws an
instance of ActionException.

This behavior is useful in a number of cases, especially if we need to
test a scenario where some of workflow tasks fail.

:param error_data: Action will be failed with this data`
	// descHTTP is the description of std.http, std.mistral_http.
	descHTTP = `HTTP action.

:param url: URL for the new HTTP request.
:param method: (optional, 'GET' by default) method for the new HTTP
    request.
:param params: (optional) Dictionary or bytes to be sent in the
    query string for the HTTP request.
:param body: (optional) Dictionary, bytes, or file-like object to send
    in the body of the HTTP request.
:param json: (optional) A JSON serializable Python object to send
    in the body of the HTTP request.
:param headers: (optional) Dictionary of HTTP Headers to send with
    the HTTP request.
:param cookies: (optional) Dict or CookieJar object to send with
    the HTTP request.
:param auth: (optional) Auth tuple to enable Basic/Digest/Custom
    HTTP Auth.
:param timeout: (optional) Float describing the timeout of the request
    in seconds.
:param allow_redirects: (optional) Boolean. Set to True if POST/PUT/DELETE
    redirect following is allowed.
:param proxies: (optional) Dictionary mapping protocol to the URL of
    the proxy.
:param verify: (optional) if ` + "`" + `` + "`" + `True` + "`" + `` + "`" + `, the SSL cert will be verified.
    A CA_BUNDLE path can also be provided.`
	// descJavaScript is the description of std.javascript, std.js.
	descJavaScript = `Evaluates given JavaScript.

    `
	// descNoop is the description of std.noop.
	descNoop = `No-operation action.

This action does nothing. It can be mostly useful for testing and
debugging purposes.`
	// descSleep is the description of std.sleep.
	descSleep = `Sleep action.

This action sleeps for given amount of seconds. It can be mostly useful
for testing and debugging purposes.`
	// descSSH is the description of std.ssh, std.ssh_proxied.
	descSSH = `Runs Secure Shell (SSH) command on provided single or multiple hosts.

It is allowed to provide either a single host or a list of hosts in
action parameter 'host'. In case of a single host the action result
will be a single value, otherwise a list of results provided in the
same order as provided hosts.`
	// descTestDict is the description of std.test_dict.
	descTestDict = `Generates test dict.`
)
