#!/usr/bin/env bash
# Installs the protobuf code generator `make proto` needs: protoc (Debian
# protobuf-compiler) and protoc-gen-go at the protobuf runtime's version.
set -euo pipefail
if ! command -v protoc >/dev/null; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends protobuf-compiler
fi
GOBIN="$(go env GOPATH)/bin"
if [ ! -x "$GOBIN/protoc-gen-go" ]; then
    version="$(go list -m -f '{{.Version}}' google.golang.org/protobuf)"
    GOFLAGS= go install "google.golang.org/protobuf/cmd/protoc-gen-go@$version"
fi
