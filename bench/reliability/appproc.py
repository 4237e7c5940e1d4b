"""The app as its own process, for the bench scripts in this folder (crash.py, memory.py): build, start, call, stop.

The app runs the Release build (`dotnet StaffConductAssistant.dll`) in local mode (Development, no Bot:AppId, SQLite,
letters written to a folder), signed in through the development cookie as the sample users of appsettings.Development.json.
stdlib only.
"""
import json, os, subprocess, time
import urllib.error, urllib.request

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DLL = os.path.join(REPO, "src/StaffConductAssistant/bin/Release/net10.0/StaffConductAssistant.dll")
# The sample users of appsettings.Development.json.
TEACHER, SLT, HEAD = "00000000-0000-0000-0000-0000000000022", "00000000-0000-0000-0000-0000000000020", "00000000-0000-0000-0000-0000000000021"


def call(base, method, path, user, body=None, content_type="application/json", timeout=30):
    """One request as `user`; (status, parsed JSON body or None)."""
    data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method, headers={"Cookie": "sca-dev-user=" + user, "Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, None


def ensure_built(dll):
    """Builds the Release app when the dll is missing."""
    if not os.path.exists(dll):
        subprocess.run(["dotnet", "build", os.path.join(REPO, "src/StaffConductAssistant"), "-c", "Release", "-v", "q", "--nologo"], check=True)


def local_env(base, db, letters, **extra):
    """The environment of a local-mode app on `base` with its SQLite file and letter folder; `extra` adds or overrides."""
    return dict(os.environ, ASPNETCORE_ENVIRONMENT="Development", ASPNETCORE_URLS=base,
                Database__Provider="Sqlite", Database__ConnectionString=f"Data Source={db}", Letters__OutboxFolder=letters, **extra)


def start(dll, base, env, log_path, timeout=120):
    """Starts the app and waits for /healthz; (process, seconds to healthy). Exits the script if it does not come up."""
    log = open(log_path, "ab")
    process = subprocess.Popen(["dotnet", dll], cwd=os.path.join(REPO, "src/StaffConductAssistant"), env=env, stdout=log, stderr=subprocess.STDOUT)
    started = time.time()
    while time.time() - started < timeout:
        if process.poll() is not None:
            raise SystemExit("The app stopped at start; see " + log_path)
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                if r.status == 200:
                    return process, time.time() - started
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"The app did not start in {timeout // 60} minutes; see " + log_path)


def stop(process, timeout=30):
    """SIGTERM (a graceful shutdown), then SIGKILL if it has not ended in `timeout` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
