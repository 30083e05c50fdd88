"""The interview notebook's control cell: ipywidgets buttons in the server's Python kernel.

"Run visible tests" runs ``solution_<slug>.py`` (written by the solution cell) on the visible
tests in the kernel, like the runner cell. "Submit for grading" sends that file to the
service's grading API with the server's own ``JUPYTERHUB_API_TOKEN`` and shows the queue
position, then the results table: visible tests in full, hidden tests as passed/total only
(the service never tells this token more, see ``handlers/notebook_grading.py``).

The cell holds only what the notebook shows anyway (interview id, problem slugs, visible
tests); the service URL comes from ``INTERVIEWS_API_URL`` or is derived from the hub's URL.
"""

from __future__ import annotations

from typing import Any

CELL_ID = "interview-control"

CONTROL = r"""# Interview control: run the visible tests here, or submit your code for grading.
import html as _html, json as _json, os as _os, subprocess as _sp, sys as _sys, time as _time
import urllib.error as _ue, urllib.parse as _up, urllib.request as _ur
import ipywidgets as _W
from IPython.display import display as _display

class InterviewControl:
    INTERVIEW = {interview!r}
    LANGUAGE = {language!r}
    TESTS = {tests!r}  # visible tests only: problem -> [(name, input, expected)]

    def __init__(self):
        self.problem = _W.Dropdown(options=list(self.TESTS), description="Problem")
        wide = {{"width": "auto"}}
        self.run_button = _W.Button(description="Run visible tests", icon="play", layout=wide)
        self.submit_button = _W.Button(description="Submit for grading", icon="upload",
                                       button_style="primary", layout=wide)
        self.progress = _W.IntProgress(value=0, min=0, max=3, layout={{"width": "12em"}})
        self.status = _W.HTML()
        self.results = _W.HTML()
        self.run_button.on_click(lambda _: self.run_visible())
        self.submit_button.on_click(lambda _: self.submit())
        self.box = _W.VBox([_W.HBox([self.problem, self.run_button, self.submit_button,
                                     self.progress]), self.status, self.results])

    def source(self):
        path = f"solution_{{self.problem.value}}.py"
        if not _os.path.exists(path):
            raise FileNotFoundError(f"Run the solution cell first: it saves {{path}}.")
        with open(path, encoding="utf-8") as f:
            return f.read()

    def say(self, text, step=None, style=""):
        self.status.value = text
        if step is not None:
            self.progress.value, self.progress.bar_style = step, style

    def run_visible(self):
        rows = []
        try:
            self.source()
        except OSError as exc:
            return self.say(_html.escape(str(exc)), 0, "danger")
        for name, given, expected in self.TESTS[self.problem.value]:
            try:
                run = _sp.run([_sys.executable, f"solution_{{self.problem.value}}.py"],
                              input=given, text=True, capture_output=True, timeout=10)
                got, ok = run.stdout, run.returncode == 0
                got = got if ok else (run.stderr or got)
            except _sp.TimeoutExpired:
                got, ok = "timed out after 10 s", False
            ok = ok and got.rstrip().splitlines() == expected.rstrip().splitlines()
            rows.append((name, "Passed" if ok else "Failed", given, expected, got))
        passed = sum(r[1] == "Passed" for r in rows)
        self.say(f"Visible tests: {{passed}}/{{len(rows)}} passed (run here, in the kernel).",
                 3, "success" if passed == len(rows) else "warning")
        self.results.value = self.table(rows)

    def api(self, method, path, body=None):
        base = _os.environ.get("INTERVIEWS_API_URL") or _up.urljoin(
            _os.environ.get("JUPYTERHUB_API_URL", "http://127.0.0.1:8081/hub/api"),
            "/services/interviews/api/")
        request = _ur.Request(base.rstrip("/") + "/" + path, method=method,
                              data=None if body is None else _json.dumps(body).encode(),
                              headers={{"Authorization": "token " +
                                       _os.environ.get("JUPYTERHUB_API_TOKEN", ""),
                                       "Content-Type": "application/json"}})
        try:
            with _ur.urlopen(request, timeout=30) as response:
                return _json.load(response)
        except _ue.HTTPError as exc:
            try:
                message = _json.load(exc).get("message", exc.reason)
            except ValueError:
                message = exc.reason
            raise RuntimeError(f"{{exc.code}}: {{message}}") from None
        except OSError as exc:
            raise RuntimeError(f"the grading service is not reachable from this server "
                               f"({{exc}}): use Run tests in the Problem panel") from None

    def submit(self, timeout=300):
        self.results.value = ""
        try:
            body = {{"interview_id": self.INTERVIEW, "problem": self.problem.value,
                    "language": self.LANGUAGE, "source": self.source()}}
            self.submit_button.disabled = True
            job = self.api("POST", "grade", body)
            deadline = _time.monotonic() + timeout
            while job["status"] in ("queued", "running") and _time.monotonic() < deadline:
                if job["status"] == "queued":
                    self.say(f"Queued (position {{job['position']}})…", 1, "info")
                else:
                    self.say("Running in the grading sandbox…", 2, "info")
                _time.sleep(0.5)
                job = self.api("GET", f"grade/{{job['id']}}")
        except (OSError, RuntimeError) as exc:
            return self.say("Submit failed: " + _html.escape(str(exc)), 0, "danger")
        finally:
            self.submit_button.disabled = False
        if job["status"] != "done":
            return self.say(_html.escape(job.get("error") or "Grading did not finish."), 0,
                            "danger")
        result = job["result"]
        hidden = result["hidden"]
        self.say(f"<b>{{_html.escape(result['verdict'])}}</b> — hidden tests: "
                 f"{{hidden['passed']}}/{{hidden['total']}} passed", 3,
                 "success" if result["verdict"] == "Accepted" else "danger")
        rows = [(t["name"], t["verdict"], t["input"], t["expected"], t["stdout"] + t["stderr"])
                for t in result["visible"]]
        extra = ""
        if result.get("compile_output"):
            extra = f"<pre>{{_html.escape(result['compile_output'][:4000])}}</pre>"
        self.results.value = extra + self.table(rows, result["visible"]) + (
            f"<p>Hidden tests: {{hidden['passed']}}/{{hidden['total']}} passed</p>")
        return result

    @staticmethod
    def table(rows, details=None):
        cells = "".join(
            f"<tr><td>{{_html.escape(n)}}</td><td>{{_html.escape(v)}}</td>"
            + (f"<td>{{d['time_ms']:.0f}} ms</td><td>{{d['memory_kb']}} KB</td>" if details else "")
            + "".join(f"<td><pre>{{_html.escape(x[:300])}}</pre></td>" for x in (i, e, g))
            + "</tr>"
            for (n, v, i, e, g), d in zip(rows, details or [None] * len(rows))
        )
        head = "<th>time</th><th>memory</th>" if details else ""
        return (f"<table><tr><th>test</th><th>verdict</th>{{head}}<th>input</th>"
                f"<th>expected</th><th>got</th></tr>{{cells}}</table>")

interview_control = InterviewControl()
_display(interview_control.box)
"""


def control_cell(interview_id: str, language: str, problems: list[Any]) -> dict[str, Any]:
    """The control cell (Python interviews only): visible tests, never hidden ones."""
    tests = {p.slug: [(t["name"], t["input"], t["output"]) for t in p.visible] for p in problems}
    source = CONTROL.format(interview=interview_id, language=language, tests=tests)
    return {
        "cell_type": "code",
        "id": CELL_ID,
        "metadata": {"tags": ["interview-control"]},
        "source": source,
        "execution_count": None,
        "outputs": [],
    }
