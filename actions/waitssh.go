package actions

// WaitSSHDefinition is the action-list YAML of std.wait_ssh, the public
// ad-hoc action Mistral pre-installs (mistral-db-manage populate): std.ssh
// running `ls -l`, useful with retry to wait for a server's SSH. Storage
// creates it once (scope public, namespace ""), so GET /v2/actions lists
// it with exactly this definition, input "host, username, password" and
// description "Simple SSH command.".
const WaitSSHDefinition = `---
version: '2.0'

std.wait_ssh:
    description: Simple SSH command.
    base: std.ssh
    base-input:
      host: <% $.host %>
      username: <% $.username %>
      password: <% $.password %>
      cmd: 'ls -l'
    input:
     - host
     - username
     - password
`

// WaitSSH describes the pre-installed std.wait_ssh ad-hoc action.
const (
	WaitSSHName        = "std.wait_ssh"
	WaitSSHInput       = "host, username, password"
	WaitSSHDescription = "Simple SSH command."
)
