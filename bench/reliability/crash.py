#!/usr/bin/env python3
"""Issue 16, item 3: kill -9 the app while it logs, approves and sends, restart it, and check nothing is lost or doubled.

The app runs as its own process in local mode (Development, no Bot:AppId, SQLite, letters written to a folder), signed
in through the development cookie as the sample users of appsettings.Development.json. Each round starts the app,
drives three workers (a teacher logging new emails; SLT proposing; the Headmistress approving, which queues the letter
in the outbox) and SIGKILLs the app at a random moment. After the last round the app is started once more and left to
drain its outbox. Then, from the database and the letter folder:
  - every concern the app answered 201 for is there (none lost), once per email (none doubled);
  - every concern has its audit entry and its card job for SLT (the probe's failure: neither after a kill);
  - every decision the app answered "Approved" for is recorded, at most one per case;
  - every approved case's letter is written exactly once;
  - the outbox is empty of due work within a minute of the last start.
The suite runs a short form with these checks, a little stricter (tests/StaffConductAssistant.Tests/Reliability/CrashTests.cs, 4 kills):
change them together.
Usage: bench/reliability/crash.py [--kills 20] [--seed 16] [--dll path]   (prints the figures; exit 1 on a failure)
"""
import argparse, glob, os, random, shutil, signal, sqlite3, sys, tempfile, threading, time

import appproc
from appproc import call, TEACHER, SLT, HEAD
DUE_KINDS = ("concern.publish", "concern.refresh-cards", "decision.notify-head", "letter.send", "safeguarding.notify-dsl")


def email(n):
    return (f"From: Hannah Okafor <hannah@parent.example>\r\nTo: office@school.example\r\nDate: Mon, 1 Dec 2026 10:00:00 +0000\r\n"
            f"Subject: Year 4 group\r\nMessage-ID: <crash-{n}@bench.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            f"Dear Mrs Jenkin,\r\n\r\nIn the Year 4 WhatsApp group Dan Price posted that Mrs Smith is \"useless and everyone knows it\" "
            f"(message {n}).\r\n\r\nHannah\r\n").encode()


class Run:
    def __init__(self, args):
        self.work = tempfile.mkdtemp(prefix="sca-crash-")
        self.db = os.path.join(self.work, "crash.db")
        self.letters = os.path.join(self.work, "outbox")
        self.port = args.port
        self.base = f"http://127.0.0.1:{self.port}"
        self.dll = os.path.abspath(args.dll)
        self.logged = {}      # email number -> concern id, for every 201
        self.approved = set()  # case ids answered "Approved"
        self.next_email = 0
        self.lock = threading.Lock()
        self.counts = {"logged": 0, "proposed": 0, "approved": 0, "errors": 0}

    def start(self):
        env = appproc.local_env(self.base, self.db, self.letters, DOTNET_gcServer="0", Outbox__PollInterval="00:00:00.200",
                                RateLimits__DraftUploadsPerMinute="10000", RateLimits__InvokesPerMinute="10000")
        return appproc.start(self.dll, self.base, env, os.path.join(self.work, "app.log"))

    def log_one(self):
        with self.lock:
            n = self.next_email
            self.next_email += 1
        status, draft = call(self.base, "POST", "/api/email-drafts", TEACHER, email(n), "message/rfc822")
        if status != 200:
            return
        form = {"draftId": draft["draftId"], "group": draft.get("group") or "Year 4", "postedBy": (draft.get("postedBy") or "Dan Price").split(" and ")[0],
                "quote": draft.get("quote") or "useless", "conduct": draft.get("conduct") or ["abusive-personal-comments"],
                "reporterName": (draft.get("reporter") or {}).get("name") or "Hannah Okafor", "childAtRisk": False}
        status, body = call(self.base, "POST", "/api/concerns", TEACHER, form)
        if status == 201:
            with self.lock:
                self.logged[n] = body["id"]
                self.counts["logged"] += 1

    def step(self, user, verb, want_state):
        with self.lock:
            ids = list(self.logged.values())
        random.shuffle(ids)
        for case in ids[:5]:
            status, page = call(self.base, "GET", f"/api/tab/concerns/{case}", user)
            if status != 200 or want_state not in (page.get("allowed") or []):
                continue
            data = {"version": page["version"]}
            if verb == "propose":
                data.update(responses="cautionary-notice", reason="A first incident: a cautionary notice is proportionate.", letterTemplate="cautionary-notice",
                            letterText="Dear Dan Price,\n\nA cautionary notice.\n\nMrs Michelle Jenkin", letterRecipient="dan.price@example.org")
            else:
                data["proposalVersion"] = page["proposalVersion"]
            status, answer = call(self.base, "POST", f"/api/tab/concerns/{case}/actions", user, {"verb": verb, "data": data})
            if status == 200 and not answer.get("problem"):
                with self.lock:
                    self.counts["proposed" if verb == "propose" else "approved"] += 1
                    if verb == "approve":
                        self.approved.add(case)
            return

    def drive(self, stop):
        def worker(action):
            while not stop.is_set():
                try:
                    action()
                except (OSError, ValueError, KeyError, TypeError):
                    with self.lock:
                        self.counts["errors"] += 1  # the kill: a request cut off is neither acknowledged nor counted
                    time.sleep(0.1)
        return [threading.Thread(target=worker, args=(a,), daemon=True) for a in (self.log_one, self.log_one, lambda: self.step(SLT, "propose", "Propose"), lambda: self.step(HEAD, "approve", "Approve"))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--port", type=int, default=39781)
    parser.add_argument("--dll", default=appproc.DLL)
    args = parser.parse_args()
    random.seed(args.seed)
    appproc.ensure_built(args.dll)
    run = Run(args)
    print(f"== machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; work folder {run.work}")
    for round_ in range(args.kills):
        process, took = run.start()
        stop = threading.Event()
        workers = run.drive(stop)
        for w in workers:
            w.start()
        time.sleep(random.uniform(4.0, 12.0))  # the first requests after a start pay for warm-up
        process.send_signal(signal.SIGKILL)
        process.wait()
        stop.set()
        for w in workers:
            w.join(timeout=35)
        print(f"kill {round_ + 1}/{args.kills}: started in {took:.1f} s; so far {run.counts}")

    process, took = run.start()
    restarted = time.time()
    due = None
    while time.time() - restarted < 60:
        with sqlite3.connect(run.db) as db:
            due = db.execute(f"SELECT COUNT(*) FROM Outbox WHERE CompletedAt IS NULL AND Kind IN ({','.join('?' * len(DUE_KINDS))})", DUE_KINDS).fetchone()[0]
        if due == 0:
            break
        time.sleep(0.5)
    drained = time.time() - restarted
    appproc.stop(process)

    failures = []
    with sqlite3.connect(run.db) as db:
        concerns = dict(db.execute("SELECT Id, EmailMessageId FROM Concerns").fetchall())
        for n, case in run.logged.items():
            if case not in concerns:
                failures.append(f"concern {case} (email {n}) was acknowledged but is gone")
        per_email = {}
        for case, message_id in concerns.items():
            per_email.setdefault(message_id, []).append(case)
        failures += [f"email {m} logged {len(c)} times: {c}" for m, c in per_email.items() if len(c) > 1]
        audited = {int(s.split(":")[1]) for (s,) in db.execute("SELECT Subject FROM AuditEntries WHERE Action = 'Log' AND Subject LIKE 'concern:%'")}
        carded = {c for (c,) in db.execute("SELECT CaseId FROM Outbox WHERE Kind = 'concern.publish'")}
        failures += [f"concern {c} has no audit entry" for c in concerns if c not in audited]
        failures += [f"concern {c} has no card job for SLT" for c in concerns if c not in carded]
        decisions = {}
        for (s,) in db.execute("SELECT Subject FROM AuditEntries WHERE Action = 'Approve'"):
            decisions[int(s.split(":")[1])] = decisions.get(int(s.split(":")[1]), 0) + 1
        decided = {c for (c,) in db.execute("SELECT Id FROM Concerns WHERE DecidedByUserId IS NOT NULL")}
        failures += [f"case {c} was answered Approved but has no decision" for c in run.approved if c not in decided]
        failures += [f"case {c} has {k} Approve entries" for c, k in decisions.items() if k > 1]
        written = {}
        for (s,) in db.execute("SELECT Subject FROM AuditEntries WHERE Action = 'LetterWritten'"):
            written[int(s.split(":")[1])] = written.get(int(s.split(":")[1]), 0) + 1
        failures += [f"case {c} wrote its letter {k} times" for c, k in written.items() if k > 1]
        failures += [f"case {c} was approved but its letter is not written" for c in decided if c not in written]
    files = len(glob.glob(os.path.join(run.letters, "*.eml")))
    if files != len(decided):
        failures.append(f"{files} letter files for {len(decided)} approved cases")
    if due:
        failures.append(f"{due} outbox messages still due a minute after the last start")

    print(f"{args.kills} kills; acknowledged {len(run.logged)} concerns ({len(concerns)} in the database), {len(run.approved)} approvals answered, "
          f"{len(decided)} decisions recorded, {files} letters written; outbox drained {drained:.1f} s after the last start (started in {took:.1f} s); "
          f"requests cut off by the kills {run.counts['errors']}")
    for f in failures[:30]:
        print("FAIL: " + f)
    print("PASS" if not failures else f"{len(failures)} failures")
    if not failures:
        shutil.rmtree(run.work, ignore_errors=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
