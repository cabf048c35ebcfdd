/**
 * A minimal browser for driving OAuth redirects over real HTTP in tests: a cookie jar that
 * honours Path and Max-Age, and one request at a time with redirects left to the caller
 * (so each hop can be inspected), or followed until a predicate says stop.
 */
interface StoredCookie {
  name: string;
  value: string;
  path: string;
}

export class TestBrowser {
  private cookies: StoredCookie[] = [];

  constructor(readonly origin: string) {}

  setCookie(name: string, value: string, path = "/"): void {
    this.cookies = this.cookies.filter((c) => !(c.name === name && c.path === path));
    if (value !== "") this.cookies.push({ name, value, path });
  }

  cookieHeader(pathname: string): string {
    return this.cookies
      .filter((c) => pathname === c.path || pathname.startsWith(c.path.endsWith("/") ? c.path : `${c.path}/`))
      .map((c) => `${c.name}=${c.value}`)
      .join("; ");
  }

  private store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";").map((part) => part.trim());
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const attr = (key: string) => attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.split("=")[1];
      const expired =
        attr("max-age") === "0" ||
        (attr("expires") &&
          Date.parse(attributes.find((a) => a.toLowerCase().startsWith("expires="))!.slice(8)) < Date.now());
      this.setCookie(name, expired ? "" : value, attr("path") ?? "/");
    }
  }

  /** One request; relative URLs are on this browser's origin; cookies sent and stored. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url, this.origin);
    const headers = new Headers(init.headers);
    if (target.origin === new URL(this.origin).origin) {
      const cookie = this.cookieHeader(target.pathname);
      if (cookie) headers.set("cookie", cookie);
    }
    const response = await fetch(target, { ...init, headers, redirect: "manual" });
    if (target.origin === new URL(this.origin).origin) this.store(response);
    return response;
  }

  /** A form POST from one of our pages, as a browser sends it (Origin, Sec-Fetch-Site). */
  postForm(url: string, fields: Record<string, string>, origin = this.origin): Promise<Response> {
    return this.fetch(url, {
      method: "POST",
      body: new URLSearchParams(fields),
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin,
        "sec-fetch-site": origin === this.origin ? "same-origin" : "cross-site",
      },
    });
  }

  /** Follows GET redirects on this origin while `until(location)` is false; returns the last Location (or the response). */
  async follow(
    url: string,
    until: (location: string) => boolean,
    maxHops = 10,
  ): Promise<{ location: string | null; response: Response }> {
    let current = url;
    for (let hop = 0; hop < maxHops; hop++) {
      const response = await this.fetch(current);
      const location = response.headers.get("location");
      if (!location || response.status < 300 || response.status >= 400) return { location: null, response };
      const absolute = new URL(location, new URL(current, this.origin)).href;
      if (until(absolute)) return { location: absolute, response };
      current = absolute;
    }
    throw new Error(`more than ${maxHops} redirects from ${url}`);
  }
}
