#!/bin/sh
# Vault password client: ansible-playbook --vault-password-file runs this script and reads the password from its
# output, so the password (the CI secret FLEET_VAULT_PASSWORD) is never written to a file on the runner.
if [ -z "${FLEET_VAULT_PASSWORD:-}" ]; then
    echo "vault-password.sh: FLEET_VAULT_PASSWORD is not set" >&2
    exit 1
fi
printf '%s\n' "$FLEET_VAULT_PASSWORD"
