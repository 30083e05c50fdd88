/**
 * A small typed client for the interviews service.
 *
 * The browser calls the service directly on the same origin (`/services/interviews/api/...`):
 * the person's own service cookie (path `/services/interviews/`) goes with every request, so the
 * service sees who is asking and decides what they may see. JupyterHub's XSRF rules want an
 * `X-XSRFToken` header on every cookie-authenticated fetch, even GET; the service's `_xsrf`
 * cookie is not readable from a page under `/user/...`, so the client asks
 * `GET api/xsrf` for it once and again after a 403 `xsrf`.
 */

export type Language =
  'python' | 'c' | 'cpp' | 'java' | 'javascript' | 'typescript' | 'go' | 'rust';

export type InterviewStatus =
  'upcoming' | 'live' | 'completed' | 'succeeded' | 'failed' | 'cancelled';

/** `GET api/me` */
export interface Me {
  name: string;
  role: 'candidate' | 'interviewer' | 'reviewer' | null;
  admin: boolean;
  email?: string | null;
}

/** `GET api/interviews/{id}` (InterviewOut in the OpenAPI document) */
export interface Interview {
  id: string;
  title: string;
  description: string;
  description_html: string;
  starts_at: string;
  ends_at: string;
  join_opens_at: string;
  duration_min: number;
  timezone: string;
  language: Language;
  problems: string[];
  status: InterviewStatus;
  candidate: string | null;
  interviewers: string[];
  created_by: string;
  can_change: boolean;
  is_participant: boolean;
}

export interface TestCase {
  name: string;
  input: string;
  output: string;
}

/** `GET api/problems/{slug}`: the public view (staff get more fields, unused here). */
export interface Problem {
  slug: string;
  title: string;
  difficulty: 'easy' | 'medium' | 'hard';
  statement: string;
  starters: Partial<Record<Language, string>>;
  visible: TestCase[];
  time_limit_s: number;
  memory_limit_mb: number;
}

export interface GradeRequest {
  interview_id: string;
  problem: string;
  language: Language;
  source: string;
}

/** `POST api/grade` → 202 */
export interface GradeAccepted {
  id: number;
  status: string;
  position: number | null;
}

export interface VisibleResult {
  name: string;
  verdict: string;
  time_ms: number | null;
  memory_kb: number | null;
  input: string;
  expected: string;
  stdout: string;
  stderr: string;
}

export interface HiddenTestResult {
  name: string;
  verdict: string;
  time_ms: number | null;
  memory_kb: number | null;
}

export interface GradeResult {
  verdict: string;
  compile_output: string;
  visible: VisibleResult[];
  /** counts for a candidate; `tests` only for the panel and admins */
  hidden: { passed: number; total: number; tests?: HiddenTestResult[] };
}

/** `GET api/grade/{id}` */
export interface GradeJob {
  id: number;
  status: 'queued' | 'running' | 'done' | 'error' | string;
  position: number | null;
  problem: string;
  language: Language;
  requested_by: string;
  result?: GradeResult;
  error?: string;
}

/** `GET/PUT api/interviews/{id}/notes` (to be added to the service) */
export interface Notes {
  text: string;
  updated_at: string | null;
}

/** Error body of every service error: `{message, reason, request_id}`. */
export class ServiceError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly reason: string
  ) {
    super(message);
    this.name = 'ServiceError';
  }

  /** The service does not know who this is (no or expired service cookie). */
  get signedOut(): boolean {
    return this.status === 401 || this.reason === 'not_signed_in';
  }
}

/** Events of `GET api/events` that concern the room. */
export type ServiceEvent =
  | { type: 'interview'; id: string; change: string }
  | { type: 'test_run'; id: string; job: number };

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export class ServiceClient {
  /**
   * @param baseUrl the service's path on this origin, ending in `/` (`/services/interviews/`)
   */
  constructor(
    readonly baseUrl: string,
    private readonly fetchImpl: Fetch = (input, init) => window.fetch(input, init)
  ) {}

  private xsrf: Promise<string> | null = null;

  url(path: string): string {
    return this.baseUrl + 'api/' + path;
  }

  /** The service's XSRF token for this person's session (cached). */
  xsrfToken(refresh = false): Promise<string> {
    if (refresh || this.xsrf === null) {
      this.xsrf = this.fetchXsrf();
      this.xsrf.catch(() => (this.xsrf = null));
    }
    return this.xsrf;
  }

  private async fetchXsrf(): Promise<string> {
    const response = await this.fetchImpl(this.url('xsrf'), {
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { Accept: 'application/json' }
    });
    if (!response.ok) {
      throw await toError(response);
    }
    const body = (await response.json()) as { xsrf?: unknown };
    if (typeof body.xsrf !== 'string' || !body.xsrf) {
      throw new ServiceError(500, 'The service sent no XSRF token.', 'xsrf');
    }
    return body.xsrf;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.xsrfToken(attempt > 0);
      const headers: Record<string, string> = {
        Accept: 'application/json',
        'X-XSRFToken': token
      };
      if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
      }
      const response = await this.fetchImpl(this.url(path), {
        method,
        headers,
        credentials: 'same-origin',
        cache: 'no-store',
        body: body === undefined ? undefined : JSON.stringify(body)
      });
      if (response.ok) {
        if (response.status === 204) {
          return undefined as T;
        }
        return (await response.json()) as T;
      }
      const error = await toError(response);
      if (attempt === 0 && error.status === 403 && error.reason === 'xsrf') {
        continue; // the token went stale (new session): fetch it again, once
      }
      throw error;
    }
  }

  me(): Promise<Me> {
    return this.request('GET', 'me');
  }

  interview(id: string): Promise<Interview> {
    return this.request('GET', `interviews/${encodeURIComponent(id)}`);
  }

  problem(slug: string): Promise<Problem> {
    return this.request('GET', `problems/${encodeURIComponent(slug)}`);
  }

  grade(request: GradeRequest): Promise<GradeAccepted> {
    return this.request('POST', 'grade', request);
  }

  gradeJob(id: number): Promise<GradeJob> {
    return this.request('GET', `grade/${id}`);
  }

  notes(interviewId: string): Promise<Notes> {
    return this.request('GET', `interviews/${encodeURIComponent(interviewId)}/notes`);
  }

  saveNotes(interviewId: string, text: string): Promise<Notes> {
    return this.request('PUT', `interviews/${encodeURIComponent(interviewId)}/notes`, {
      text
    });
  }

  end(interviewId: string): Promise<Interview> {
    return this.request('POST', `interviews/${encodeURIComponent(interviewId)}/end`);
  }

  /**
   * Live events (server-sent). EventSource cannot send headers, so the XSRF token goes in
   * the `_xsrf` query argument, which JupyterHub's check accepts as well.
   */
  async events(onEvent: (event: ServiceEvent) => void): Promise<EventSource> {
    const token = await this.xsrfToken();
    const source = new EventSource(
      this.url('events') + '?_xsrf=' + encodeURIComponent(token)
    );
    for (const type of ['interview', 'test_run']) {
      source.addEventListener(type, message => {
        try {
          onEvent(JSON.parse((message as MessageEvent<string>).data) as ServiceEvent);
        } catch {
          // a malformed event is ignored: the panels also poll
        }
      });
    }
    return source;
  }
}

async function toError(response: Response): Promise<ServiceError> {
  let message = `${response.status} ${response.statusText}`;
  let reason = 'http_' + response.status;
  try {
    const body = (await response.json()) as { message?: unknown; reason?: unknown };
    if (typeof body.message === 'string') {
      message = body.message;
    }
    if (typeof body.reason === 'string') {
      reason = body.reason;
    }
  } catch {
    // not JSON (a proxy error page): keep the status line
  }
  return new ServiceError(response.status, message, reason);
}
