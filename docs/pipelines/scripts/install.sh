#!/usr/bin/env bash
# Install Ansible and the audiocodes.live_platform collection for the other steps.
#
#   LIVE_PLATFORM_COLLECTION   what to install: a requirements file (default requirements.yml of the fleet repository,
#                              which names the collection's git repository or tarball URL and version), a built
#                              tarball (audiocodes-live_platform-X.Y.Z.tar.gz), a git URL or a collection folder
#   ANSIBLE_CORE               the pip requirement of ansible-core (default "ansible-core>=2.16,<2.22", the
#                              releases the collection supports (README's support matrix), the newest that runs on
#                              the runner's Python: pin one for repeatable runs)
#   PIP_INSTALL                "0" to skip pip (an image that has Ansible and requests already)
# The collection goes to LIVE_PLATFORM_COLLECTIONS (lib.sh), the only collection path the other steps use.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [ "${PIP_INSTALL:-1}" != "0" ]; then
    "$PYTHON" -m pip install --quiet --disable-pip-version-check "${ANSIBLE_CORE:-ansible-core>=2.16,<2.22}" \
        "requests>=2.25"
fi
source=${LIVE_PLATFORM_COLLECTION:-requirements.yml}
case $source in
    *.yml | *.yaml) ansible-galaxy collection install --force -p "$LIVE_PLATFORM_COLLECTIONS" -r "$source" ;;
    *) ansible-galaxy collection install --force -p "$LIVE_PLATFORM_COLLECTIONS" "$source" ;;
esac
ansible-galaxy collection list -p "$LIVE_PLATFORM_COLLECTIONS" audiocodes.live_platform
ansible-playbook --version
