#!/usr/bin/env bash
# Managed HSM *local* RBAC for cmk-orchestrator, run by modules/hsm-local-rbac.bicep in an Azure CLI
# deployment script as an identity that holds the Managed HSM Administrator local role at "/".
#   1. Checks that the HSM answers on its data plane (it answers nothing before it is activated).
#   2. With APP_PRINCIPAL_ID: creates the app's custom role "cmk-orchestrator key operator" (exactly
#      the data actions of docs/concurrency.md section 7) under its deterministic name, and assigns it
#      to the app at /keys. The app gets no built-in role: Crypto Officer would add purge and export,
#      Crypto User every cryptographic operation, delete, backup and import.
#   3. Grants the narrow built-in roles listed in GRANTS (resource identities of CMK bindings).
#   4. With ALLOW_ARM=true: sets AllowKeyManagementOperationsThroughARM=true.
# Safe to run again: what exists and matches is kept. Any failing call stops the script with the
# reason Azure gave; nothing is reported as kept unless Azure said so.
#
# Environment:
#   HSM_NAME                  name of the Managed HSM (first label of its hsmUri)
#   GRANTS                    one "principalObjectId|role name|scope" per line; scope "/keys" or
#                             "/keys/<name>"; role one of BUILT_IN_ROLES below
#   APP_PRINCIPAL_ID          object ID of the app identity; empty: no custom role work
#   APP_ROLE_NAME             role name of the custom role
#   APP_ROLE_DEFINITION_NAME  its name (a GUID derived from the HSM and the role name, by Bicep)
#   APP_ROLE_ASSIGNMENT_NAME  name (GUID) of the app's assignment at /keys
#   REVOKE_LEGACY_APP_ROLES   "true" to delete the app's Crypto User / Crypto Officer assignments at
#                             /keys that earlier versions of this script made; otherwise only reported
#   ALLOW_ARM                 "true" to set AllowKeyManagementOperationsThroughARM=true
#   SETTLE_SECONDS            seconds to wait after a new grant, so that the next deployment step
#                             (a CMK bind) does not race the grant's propagation
#   MAX_ATTEMPTS              tries per grant; a brand-new identity may not be resolvable at once
# Exit codes: 2 bad input (nothing changed), 3 the HSM's data plane does not answer, 1 an Azure call failed.
set -euo pipefail

: "${HSM_NAME:?HSM_NAME is required}"
GRANTS="${GRANTS:-}"
APP_PRINCIPAL_ID="${APP_PRINCIPAL_ID:-}"
APP_ROLE_NAME="${APP_ROLE_NAME:-cmk-orchestrator key operator}"
APP_ROLE_DEFINITION_NAME="${APP_ROLE_DEFINITION_NAME:-}"
APP_ROLE_ASSIGNMENT_NAME="${APP_ROLE_ASSIGNMENT_NAME:-}"
REVOKE_LEGACY_APP_ROLES="${REVOKE_LEGACY_APP_ROLES:-false}"
ALLOW_ARM="${ALLOW_ARM:-false}"
SETTLE_SECONDS="${SETTLE_SECONDS:-60}"
MAX_ATTEMPTS="${MAX_ATTEMPTS:-5}"
RETRY_SECONDS="${RETRY_SECONDS:-20}"

# The app's rights on the HSM: docs/concurrency.md section 7, one line per data action.
APP_ROLE_DATA_ACTIONS=(
  Microsoft.KeyVault/managedHsm/keys/read/action
  Microsoft.KeyVault/managedHsm/keys/create
  Microsoft.KeyVault/managedHsm/keys/write/action
  Microsoft.KeyVault/managedHsm/keys/rotate/action
  Microsoft.KeyVault/managedHsm/keys/deletedKeys/read/action
  Microsoft.KeyVault/managedHsm/keys/deletedKeys/recover/action
  Microsoft.KeyVault/managedHsm/roleAssignments/read/action
  Microsoft.KeyVault/managedHsm/roleAssignments/write/action
)

# The only built-in roles GRANTS may name (IDs from built-in-roles.md). Administrator, Crypto
# Officer, Crypto User and Policy Administrator are refused: each can purge, export, delete or grant
# far beyond one key, and GUIDs are passed to az because it resolves role names unreliably (Azure/azure-cli#18777).
declare -A BUILT_IN_ROLES=(
  ["Managed HSM Crypto Service Encryption User"]=33413926-3206-4cdd-b39a-83574fe37a17
  ["Managed HSM Crypto Auditor"]=2c18b078-7c48-4d3a-af88-5a3a1b3f82b3
)
# What earlier versions of this script granted the app at /keys.
declare -A LEGACY_APP_ROLES=(
  ["Managed HSM Crypto User"]=21dbd100-6940-42c2-9190-5d6cb909625b
  ["Managed HSM Crypto Officer"]=515eb02d-2335-4d2d-92f2-b1cbdf9c3778
)

GUID='^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
granted=0
role_written=false
legacy_found=0

bad_input() { echo "$1" >&2; exit 2; }

# Runs az with the given arguments; its standard output lands in AZ_OUT. When az fails, the script
# stops and says what it was doing and what Azure answered.
az_or_fail() { # description, az arguments...
  local what=$1 err
  shift
  err=$(mktemp)
  if ! AZ_OUT=$(az "$@" 2>"$err"); then
    echo "failed: $what: $(tr '\n' ' ' <"$err")" >&2
    rm -f "$err"
    exit 1
  fi
  rm -f "$err"
}

validate_grants() {
  mapfile -t grant_lines <<<"$GRANTS"
  local line principal role scope
  for line in "${grant_lines[@]}"; do
    [ -z "$line" ] && continue
    IFS='|' read -r principal role scope <<<"$line"
    [[ "$principal" =~ $GUID ]] || bad_input "malformed grant '$line': expected principalObjectId|role name|scope"
    [ -n "${BUILT_IN_ROLES[$role]:-}" ] ||
      bad_input "refusing role '$role': this script grants only $(printf "'%s' " "${!BUILT_IN_ROLES[@]}")(the app gets its own custom role)"
    case "$scope" in
      /keys | /keys/?*) ;;
      *) bad_input "refusing scope '$scope': grants are limited to /keys or /keys/<name>" ;;
    esac
  done
}

validate_app_role() {
  [ -z "$APP_PRINCIPAL_ID" ] && return
  [[ "$APP_PRINCIPAL_ID" =~ $GUID ]] || bad_input "APP_PRINCIPAL_ID '$APP_PRINCIPAL_ID' is not an object ID"
  [[ "$APP_ROLE_DEFINITION_NAME" =~ $GUID ]] || bad_input "APP_ROLE_DEFINITION_NAME '$APP_ROLE_DEFINITION_NAME' is not a GUID"
  [[ "$APP_ROLE_ASSIGNMENT_NAME" =~ $GUID ]] || bad_input "APP_ROLE_ASSIGNMENT_NAME '$APP_ROLE_ASSIGNMENT_NAME' is not a GUID"
  # It goes into a JSON document built by hand: keep it to plain characters.
  [[ "$APP_ROLE_NAME" =~ ^[A-Za-z0-9\ ._()-]+$ ]] || bad_input "APP_ROLE_NAME '$APP_ROLE_NAME' must hold only letters, digits, spaces and . _ ( ) -"
}

# A data-plane read first: a Managed HSM refuses every data-plane call until its security domain
# has been downloaded, and its exact answer is not documented, so any failure here is reported as
# "not active (or not reachable)" with Azure's own words. The read lists the custom roles, which
# the app-role step needs anyway: one "roleName<TAB>name<TAB>sorted,data,actions" line each.
read_custom_roles() {
  local err
  err=$(mktemp)
  if ! CUSTOM_ROLES=$(az keyvault role definition list --hsm-name "$HSM_NAME" --scope / \
      --query "[?roleType=='CustomRole'].[roleName, name, join(',', sort(permissions[0].dataActions || \`[]\`))]" \
      --output tsv 2>"$err"); then
    echo "HSM '$HSM_NAME' does not answer on its data plane, so it is not active yet (or not reachable): $(tr '\n' ' ' <"$err")" >&2
    echo "Activate it first (security domain download, bicep/README.md step 3), then deploy again with hsm.activated=true." \
      "If it is active, check that the script identity holds Managed HSM Administrator at / and that the HSM's" \
      "network rules let the script reach $HSM_NAME.managedhsm.azure.net." >&2
    rm -f "$err"
    exit 3
  fi
  rm -f "$err"
}

# Whether principal $1 holds the role with ID $2 at scope $3, as Azure reports it.
has_assignment() { # principal roleGuid scope
  az_or_fail "listing the assignments of role $2 at $3 on $HSM_NAME" \
    keyvault role assignment list --hsm-name "$HSM_NAME" --scope "$3" --role "$2" \
    --query "length([?principalId=='$1'])" --output tsv
  case "$AZ_OUT" in
    0) return 1 ;;
    [1-9]*) return 0 ;;
    *) echo "failed: listing the assignments of role $2 at $3 on $HSM_NAME: unexpected answer '$AZ_OUT'" >&2; exit 1 ;;
  esac
}

# Creates the assignment, retrying while a brand-new identity is not yet resolvable.
assign() { # principal roleGuid scope label [assignmentName]
  local attempt=1 err name_args=()
  [ -n "${5:-}" ] && name_args=(--name "$5")
  err=$(mktemp)
  until az keyvault role assignment create --hsm-name "$HSM_NAME" --role "$2" --scope "$3" \
      --assignee-object-id "$1" --assignee-principal-type ServicePrincipal "${name_args[@]}" \
      --output none 2>"$err"; do
    if [ "$attempt" -ge "$MAX_ATTEMPTS" ]; then
      echo "could not grant '$4' at $3 to $1 after $attempt attempts: $(tr '\n' ' ' <"$err")" >&2
      rm -f "$err"
      exit 1
    fi
    attempt=$((attempt + 1))
    sleep "$RETRY_SECONDS"
  done
  rm -f "$err"
  granted=$((granted + 1))
  echo "granted '$4' at $3 to $1"
}

ensure_assignment() { # principal roleGuid scope label [assignmentName]
  if has_assignment "$1" "$2" "$3"; then
    echo "kept    '$4' at $3 for $1"
  else
    assign "$@"
  fi
}

expected_data_actions() {
  printf '%s\n' "${APP_ROLE_DATA_ACTIONS[@]}" | LC_ALL=C sort | paste -sd, -
}

# Creates the custom role, or puts it back to exactly its data actions when someone changed it.
# A role of the same name made elsewhere (for example by the app for an HSM it provisioned) is
# adopted under its own name: role names are unique within an HSM.
ensure_app_role() {
  local role_name name actions found_name="" found_actions=""
  while IFS=$'\t' read -r role_name name actions; do
    if [ "$role_name" = "$APP_ROLE_NAME" ] || [ "$name" = "$APP_ROLE_DEFINITION_NAME" ]; then
      found_name=$name
      found_actions=$actions
      break
    fi
  done <<<"$CUSTOM_ROLES"
  local expected
  expected=$(expected_data_actions)
  if [ -n "$found_name" ]; then
    APP_ROLE_DEFINITION_NAME=$found_name
    if [ "$found_actions" = "$expected" ]; then
      echo "kept    role '$APP_ROLE_NAME' ($APP_ROLE_DEFINITION_NAME)"
      return
    fi
  fi
  # `role definition create` always picks a random name (azure-cli keyvault custom.py,
  # _create_update_role_definition); `update` PUTs the definition under the "name" it is given,
  # which creates it when it does not exist. Managed HSM takes role definitions at "/" only.
  local data_actions
  data_actions=$(printf '"%s",' "${APP_ROLE_DATA_ACTIONS[@]}")
  az_or_fail "writing role '$APP_ROLE_NAME' on $HSM_NAME" \
    keyvault role definition update --hsm-name "$HSM_NAME" --output none --role-definition \
    "{\"name\": \"$APP_ROLE_DEFINITION_NAME\", \"roleName\": \"$APP_ROLE_NAME\", \"description\": \"cmk-orchestrator: read, create, tag, rotate and recover keys, and grant Crypto Service Encryption User on them. No purge, delete, export, backup, import or cryptographic use.\", \"assignableScopes\": [\"/\"], \"actions\": [], \"notActions\": [], \"dataActions\": [${data_actions%,}], \"notDataActions\": []}"
  role_written=true
  echo "wrote   role '$APP_ROLE_NAME' ($APP_ROLE_DEFINITION_NAME)"
}

# Earlier versions granted the app Crypto User and Crypto Officer at /keys. They are reported, and
# deleted only when asked: the deployment that made them is the one to decide.
handle_legacy_app_roles() {
  local role
  for role in "${!LEGACY_APP_ROLES[@]}"; do
    has_assignment "$APP_PRINCIPAL_ID" "${LEGACY_APP_ROLES[$role]}" /keys || continue
    legacy_found=$((legacy_found + 1))
    if [ "$REVOKE_LEGACY_APP_ROLES" = "true" ]; then
      az_or_fail "removing the app's '$role' at /keys on $HSM_NAME" \
        keyvault role assignment delete --hsm-name "$HSM_NAME" --scope /keys \
        --role "${LEGACY_APP_ROLES[$role]}" --assignee-object-id "$APP_PRINCIPAL_ID" --output none
      echo "revoked '$role' at /keys for $APP_PRINCIPAL_ID (granted by an earlier version of this script)"
    else
      echo "WARNING: $APP_PRINCIPAL_ID still holds '$role' at /keys from an earlier version of this script;" \
        "deploy with hsm.revokeLegacyAppRoles=true to remove it" >&2
    fi
  done
}

validate_grants
validate_app_role
read_custom_roles

if [ -n "$APP_PRINCIPAL_ID" ]; then
  ensure_app_role
  ensure_assignment "$APP_PRINCIPAL_ID" "$APP_ROLE_DEFINITION_NAME" /keys "$APP_ROLE_NAME" "$APP_ROLE_ASSIGNMENT_NAME"
  handle_legacy_app_roles
fi

for line in "${grant_lines[@]}"; do
  [ -z "$line" ] && continue
  IFS='|' read -r principal role scope <<<"$line"
  ensure_assignment "$principal" "${BUILT_IN_ROLES[$role]}" "$scope" "$role"
done

if [ "$ALLOW_ARM" = "true" ]; then
  az_or_fail "setting AllowKeyManagementOperationsThroughARM on $HSM_NAME" \
    keyvault setting update --hsm-name "$HSM_NAME" --name AllowKeyManagementOperationsThroughARM \
    --value true --output none
  echo "set     AllowKeyManagementOperationsThroughARM=true"
fi

if [ "$granted" -gt 0 ] && [ "$SETTLE_SECONDS" -gt 0 ]; then
  sleep "$SETTLE_SECONDS"
fi

# Deployment scripts return outputs through $AZ_SCRIPTS_OUTPUT_PATH.
if [ -n "${AZ_SCRIPTS_OUTPUT_PATH:-}" ]; then
  printf '{"granted": %d, "appRoleDefinitionName": "%s", "appRoleWritten": %s, "legacyAppRoles": %d}\n' \
    "$granted" "$APP_ROLE_DEFINITION_NAME" "$role_written" "$legacy_found" >"$AZ_SCRIPTS_OUTPUT_PATH"
fi
