#!/usr/bin/env bash
# Grants Managed HSM *local* roles and, when asked, lets ARM manage keys on the HSM.
# Run by modules/hsm-local-rbac.bicep in an Azure CLI deployment script, as an identity that holds
# the Managed HSM Administrator local role. Safe to run again: a grant that exists is skipped.
#
# Environment:
#   HSM_NAME          name of the Managed HSM (first label of its hsmUri)
#   GRANTS            one "principalObjectId|role name|scope" per line, scope "/keys" or "/keys/<name>"
#   ALLOW_ARM         "true" to set AllowKeyManagementOperationsThroughARM=true
#   SETTLE_SECONDS    seconds to wait after a new grant, so that the next deployment step
#                     (a CMK bind) does not race the grant's propagation
#   MAX_ATTEMPTS      tries per grant; a brand-new identity may not be resolvable at once
set -euo pipefail

: "${HSM_NAME:?HSM_NAME is required}"
GRANTS="${GRANTS:-}"
ALLOW_ARM="${ALLOW_ARM:-false}"
SETTLE_SECONDS="${SETTLE_SECONDS:-60}"
MAX_ATTEMPTS="${MAX_ATTEMPTS:-5}"
RETRY_SECONDS="${RETRY_SECONDS:-20}"

granted=0

has_grant() { # principal role scope
  local count
  count=$(az keyvault role assignment list --hsm-name "$HSM_NAME" --scope "$3" --role "$2" \
    --query "length([?principalId=='$1'])" --output tsv)
  [ "$count" != "0" ]
}

grant() { # principal role scope
  local attempt=1
  until az keyvault role assignment create --hsm-name "$HSM_NAME" --role "$2" --scope "$3" \
      --assignee-object-id "$1" --assignee-principal-type ServicePrincipal --output none; do
    if [ "$attempt" -ge "$MAX_ATTEMPTS" ]; then
      echo "could not grant '$2' at $3 to $1 after $attempt attempts" >&2
      return 1
    fi
    attempt=$((attempt + 1))
    sleep "$RETRY_SECONDS"
  done
}

# Validate every line before changing anything, so a bad request leaves the HSM untouched.
mapfile -t lines <<< "$GRANTS"
for line in "${lines[@]}"; do
  [ -z "$line" ] && continue
  IFS='|' read -r principal role scope <<< "$line"
  if [ -z "$principal" ] || [ -z "$role" ]; then
    echo "malformed grant '$line': expected principalObjectId|role name|scope" >&2
    exit 2
  fi
  case "$scope" in
    /keys|/keys/*) ;;
    *) echo "refusing scope '$scope': grants are limited to /keys or /keys/<name>" >&2; exit 2 ;;
  esac
done

for line in "${lines[@]}"; do
  [ -z "$line" ] && continue
  IFS='|' read -r principal role scope <<< "$line"
  if has_grant "$principal" "$role" "$scope"; then
    echo "kept    '$role' at $scope for $principal"
  else
    grant "$principal" "$role" "$scope"
    granted=$((granted + 1))
    echo "granted '$role' at $scope for $principal"
  fi
done

if [ "$ALLOW_ARM" = "true" ]; then
  az keyvault setting update --hsm-name "$HSM_NAME" --name AllowKeyManagementOperationsThroughARM \
    --value true --output none
  echo "set     AllowKeyManagementOperationsThroughARM=true"
fi

if [ "$granted" -gt 0 ] && [ "$SETTLE_SECONDS" -gt 0 ]; then
  sleep "$SETTLE_SECONDS"
fi

# Deployment scripts return outputs through $AZ_SCRIPTS_OUTPUT_PATH.
if [ -n "${AZ_SCRIPTS_OUTPUT_PATH:-}" ]; then
  printf '{"granted": %d}\n' "$granted" > "$AZ_SCRIPTS_OUTPUT_PATH"
fi
