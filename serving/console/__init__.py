"""/console: the BKPSDM desk's pages, served by the service itself, in Bahasa Indonesia by
default (English on a switch).

Why it is built this way:
- Same code paths as the API. Every page asks the worker's own objects — the Recommender for
  rankings and comparisons, the RoundDesk (state database) for rounds, decisions and the
  audit — so the desk sees exactly what the HR application gets over HTTP.
- Nothing of the city leaves the service, and nothing of it is in a page a browser can open
  without the token. A page's address (`/console/...`) answers only an empty shell (menus,
  the token form, no data); the shell's script then asks `/console/f/...` for the page's
  contents with the bearer token it keeps in `sessionStorage` (entered once per browser
  session, never in a cookie, never in a URL). The guard (serving/guard.py) lets the shell
  and the static files through and holds every `/console/f/` request to the token like any
  API route. Scripts and styles are files of this package: no CDN, no Node build.
- Server-side templates (Jinja2) with every word from the one catalogue (serving/i18n):
  the language is a cookie holding only `id` or `en`.

Modules: `app` (the Starlette app the service mounts at /console: routes, language, errors),
`pages` (what each page shows, from the Recommender and the RoundDesk), `templates/`,
`static/` (console.js, console.css).
"""

from serving.console.app import console_app

__all__ = ["console_app"]
