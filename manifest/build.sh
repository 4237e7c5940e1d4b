#!/usr/bin/env bash
# Builds the Teams app package: artifacts/appPackage.zip with manifest.json and the two icons at
# the zip root. Usage: manifest/build.sh --bot-id <guid> --domain <host> [--app-id <guid>] [--entra-app-id <guid>]
#   [--version x.y.z] [--out <zip>]
# --entra-app-id (alias --sso-client-id): the school's Entra app registration (docs/deploy.md, step 3). It is
# webApplicationInfo.id, so it is the app the tabs' SSO tokens are for, the app that team owners' resource-specific
# consent is granted to, and the app that calls Graph; its Application ID URI is api://<domain>/<its client id>.
# Default: the bot id (one ordinary registration for bot and tab, e.g. a developer's sideloading set-up).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
bot_id="" domain="" app_id="" sso_client_id="" version="1.0.0" out="$root/artifacts/appPackage.zip"
while [ $# -gt 0 ]; do
  case "$1" in
    --bot-id) bot_id="$2"; shift 2 ;;
    --domain) domain="$2"; shift 2 ;;
    --app-id) app_id="$2"; shift 2 ;;
    --entra-app-id|--sso-client-id) sso_client_id="$2"; shift 2 ;;
    --version) version="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
guid='^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
[[ "$bot_id" =~ $guid ]] || { echo "--bot-id must be a GUID" >&2; exit 2; }
# A bare host name: it becomes validDomains and URLs, so no scheme, path or spaces.
[[ "$domain" =~ ^[A-Za-z0-9.-]+(:[0-9]+)?$ ]] || { echo "--domain must be a host name like app.example.org" >&2; exit 2; }
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "--version must be x.y.z" >&2; exit 2; }
# The Teams app id may be the bot id (a common single-registration setup) unless given.
[ -n "$app_id" ] || app_id="$bot_id"
[[ "$app_id" =~ $guid ]] || { echo "--app-id must be a GUID" >&2; exit 2; }
[ -n "$sso_client_id" ] || sso_client_id="$bot_id"
[[ "$sso_client_id" =~ $guid ]] || { echo "--entra-app-id must be a GUID" >&2; exit 2; }

python3 - "$here" "$out" "$app_id" "$bot_id" "$domain" "$version" "$sso_client_id" <<'PY'
import json, os, re, sys, zipfile
here, out, app_id, bot_id, domain, version, sso_client_id = sys.argv[1:]
text = open(os.path.join(here, 'manifest.template.json'), encoding='utf-8').read()
for key, value in {'APP_ID': app_id, 'BOT_ID': bot_id, 'SSO_CLIENT_ID': sso_client_id, 'DOMAIN': domain, 'VERSION': version}.items():
    text = text.replace('{{' + key + '}}', value)
left = re.findall(r'\{\{[A-Z_]+\}\}', text)
if left:
    sys.exit('unfilled placeholders: ' + ', '.join(sorted(set(left))))
manifest = json.loads(text)  # fails loudly on broken JSON
os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('manifest.json', json.dumps(manifest, indent=2, ensure_ascii=False) + '\n')
    z.write(os.path.join(here, 'color.png'), 'color.png')
    z.write(os.path.join(here, 'outline.png'), 'outline.png')
print(out)
PY
