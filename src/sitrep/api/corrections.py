"""Corrections on the desk and in the REST API: merge, alias, retype, mark wrong, note, undo.

The store does the work (store/corrections.py); this module guards who may ask.

- **REST** (`/api/corrections/...`): each write needs `Authorization: Bearer <SITREP_TOKEN>`, as
  POST /api/articles does (auth.require_token: 403 on a read-only server, 401 without the
  token) and names its `analyst`, since one token is shared by everyone who holds it.
- **The desk** (HTML forms, no script): an analyst signs in once on /corrections with the token
  and their name, for a signed cookie (never the token itself); every form carries a CSRF value
  and a POST from another site is refused (403) before anything is changed. The cookie and the
  guard are api/desk.py's, shared with the alerts inbox and the watchlist form.

After a change the browser is sent back (303) to the page it came
from (a local path only); a refused change shows the corrections page with the reason.
"""

from __future__ import annotations

import hmac
from typing import Any, Optional, Union
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from ..store.corrections import (ENTITY_TYPES, MAX_ALIAS_CHARS, MAX_ANALYST_CHARS, MAX_NOTE_CHARS,
                                 ArticleCorrections, Correction, CorrectionError, Corrections, EntityCorrections,
                                 NotFound)
from .auth import require_token
from .desk import COOKIE, back_to, cookie_value, desk_session, read_form, refusal, same_origin
from .navigation import Paging, unknown_filters
from .rest import MAX_LIMIT, MAX_NAME_CHARS, MAX_OFFSET, store_of
from .templating import templates

LOG_PAGE = 50
WRITES: dict[Union[int, str], dict[str, Any]] = {401: {"description": "missing or wrong token"},
          403: {"description": "the server is read-only (no SITREP_TOKEN)"},
          404: {"description": "no such entity, article, claim or correction"},
          422: {"description": "a change that cannot be made as asked (the detail says why)"}}

api = APIRouter(prefix="/api/corrections", tags=["corrections"])
pages = APIRouter(include_in_schema=False, dependencies=[Depends(unknown_filters)])


# --- REST ----------------------------------------------------------------------------------------

class CorrectionPage(BaseModel):
    """One page of the audit log, newest first, with the total for paging."""

    total: int
    limit: int
    offset: int
    items: list[Correction]


_ANALYST = Field(min_length=1, max_length=MAX_ANALYST_CHARS, description="who makes the change (kept in the log)")


class MergeRequest(BaseModel):
    entity: str = Field(min_length=1, max_length=MAX_NAME_CHARS,
                        description="the entity to merge: its identity (as /api/entities gives it) or a name")
    into: str = Field(min_length=1, max_length=MAX_NAME_CHARS, description="the entity it is part of")
    analyst: str = _ANALYST


class AliasRequest(BaseModel):
    entity: str = Field(min_length=1, max_length=MAX_NAME_CHARS, description="identity or name")
    alias: str = Field(min_length=1, max_length=MAX_ALIAS_CHARS)
    analyst: str = _ANALYST


class RetypeRequest(BaseModel):
    entity: str = Field(min_length=1, max_length=MAX_NAME_CHARS, description="identity or name")
    type: str = Field(description=f"one of {', '.join(ENTITY_TYPES)}")
    analyst: str = _ANALYST


class WrongRequest(BaseModel):
    article: str = Field(min_length=1, max_length=300)
    claim: str = Field(min_length=1, max_length=32)
    reason: str = Field("", max_length=MAX_NOTE_CHARS)
    analyst: str = _ANALYST


class NoteRequest(BaseModel):
    article: str = Field(min_length=1, max_length=300)
    claim: Optional[str] = Field(None, max_length=32, description="a claim of the article, or none for the article")
    text: str = Field(min_length=1, max_length=MAX_NOTE_CHARS)
    analyst: str = _ANALYST


class UndoRequest(BaseModel):
    analyst: str = _ANALYST


def _fix(request: Request) -> Corrections:
    return store_of(request).corrections


def _answer(change):
    """Run a change (or a look-up); the store's refusals become 404 (nothing by that name) or 422."""
    try:
        return change()
    except NotFound as err:
        raise HTTPException(status_code=404, detail=str(err)) from None
    except CorrectionError as err:
        raise HTTPException(status_code=422, detail=str(err)) from None


@api.get("", response_model=CorrectionPage)
def correction_log(request: Request, limit: int = Query(50, ge=1, le=MAX_LIMIT),
                   offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> CorrectionPage:
    """The audit log of analysts' changes and undos, newest first: who, when, what, before and after."""
    fix = _fix(request)
    return CorrectionPage(total=fix.count(), limit=limit, offset=offset, items=fix.log(limit, offset))


@api.get("/entities/{name:path}", response_model=EntityCorrections)
def entity_corrections(request: Request, name: str) -> EntityCorrections:
    """The entity a name or identity stands for (as the entity list shows it) with its aliases,
    what is merged into it and its retype."""
    found = _answer(lambda: _fix(request).entity(name))  # a blank name ("%0D") is refused, not a 500
    if found is None:
        raise HTTPException(status_code=404, detail=f"no stored entity answers to {name!r}")
    return found


@api.get("/articles/{article_id}", response_model=ArticleCorrections)
def article_corrections(request: Request, article_id: str) -> ArticleCorrections:
    """An article's claims marked wrong (by claim id) and its notes."""
    return _fix(request).article(article_id)


@api.post("/merge", response_model=Correction, status_code=201, dependencies=[Depends(require_token)],
          responses=WRITES)
def merge(request: Request, body: MergeRequest) -> Correction:
    """Make `entity` part of `into`: one entity in lists, search, briefs and corroboration, and
    for articles stored later. Needs the token."""
    return _answer(lambda: _fix(request).merge(body.entity, body.into, analyst=body.analyst))


@api.post("/alias", response_model=Correction, status_code=201, dependencies=[Depends(require_token)],
          responses=WRITES)
def alias(request: Request, body: AliasRequest) -> Correction:
    """Let an entity answer to one more name. Needs the token."""
    return _answer(lambda: _fix(request).add_alias(body.entity, body.alias, analyst=body.analyst))


@api.post("/retype", response_model=Correction, status_code=201, dependencies=[Depends(require_token)],
          responses=WRITES)
def retype(request: Request, body: RetypeRequest) -> Correction:
    """Give an entity another of the contract's types. Needs the token."""
    return _answer(lambda: _fix(request).retype(body.entity, body.type, analyst=body.analyst))


@api.post("/wrong", response_model=Correction, status_code=201, dependencies=[Depends(require_token)],
          responses=WRITES)
def mark_wrong(request: Request, body: WrongRequest) -> Correction:
    """Mark a claim wrong: left out of briefs, counts and corroboration, kept with who and why.
    Needs the token."""
    return _answer(lambda: _fix(request).mark_wrong(body.article, body.claim, analyst=body.analyst,
                                                    reason=body.reason))


@api.post("/note", response_model=Correction, status_code=201, dependencies=[Depends(require_token)],
          responses=WRITES)
def note(request: Request, body: NoteRequest) -> Correction:
    """Note an article or one of its claims. Needs the token."""
    return _answer(lambda: _fix(request).add_note(body.article, body.text, analyst=body.analyst, claim=body.claim))


@api.post("/{correction_id}/undo", response_model=Correction, status_code=201,
          dependencies=[Depends(require_token)], responses=WRITES)
def undo(request: Request, correction_id: int, body: UndoRequest) -> Correction:
    """Take back a change (logged as an undo). Needs the token."""
    return _answer(lambda: _fix(request).undo(correction_id, analyst=body.analyst))


def _log_page(request: Request, offset: int = 0, error: Optional[str] = None, status: int = 200) -> HTMLResponse:
    fix = _fix(request)
    context = {"log": fix.log(LOG_PAGE, offset), "paging": Paging(offset, LOG_PAGE, fix.count()),
               "desk": desk_session(request), "writable": bool(request.app.state.token), "error": error}
    return templates.TemplateResponse(request, "corrections.html", context, status_code=status)


def _sign_in_page(request: Request, form: dict[str, str], error: str, status: int) -> HTMLResponse:
    context = {"error": error, "back": back_to(form, "/corrections"), "desk": desk_session(request),
               "writable": bool(request.app.state.token)}
    return templates.TemplateResponse(request, "sign_in.html", context, status_code=status)


# --- the desk's pages ----------------------------------------------------------------------------

@pages.get("/corrections", response_class=HTMLResponse)
def corrections_page(request: Request, offset: int = Query(0, ge=0, le=MAX_OFFSET)):
    """The audit log with an undo beside each change, and the sign-in form."""
    return _log_page(request, offset)


@pages.post("/corrections/sign-in")
async def sign_in(request: Request) -> Response:
    """Exchange the token and a name for the desk's signed cookie, then back to the page the form
    was on; a refused sign-in says why on a sign-in page that still leads back there."""
    form = await read_form(request)
    token: Optional[str] = request.app.state.token
    if not same_origin(request):
        return _sign_in_page(request, form, "refused: the form was not sent from this server", 403)
    if not token:
        return _sign_in_page(request, form, "this server is read-only: start it with SITREP_TOKEN set", 403)
    if not hmac.compare_digest(form.get("token", "").encode("utf-8"), token.encode("utf-8")):
        return _sign_in_page(request, form, "that is not this server's token", 401)
    analyst = " ".join(form.get("analyst", "").split())
    if not analyst or len(analyst) > MAX_ANALYST_CHARS:
        return _sign_in_page(request, form, f"give your name (at most {MAX_ANALYST_CHARS} characters): "
                                            "the log says who made each change", 422)
    response = RedirectResponse(back_to(form, "/corrections"), status_code=303)
    response.set_cookie(COOKIE, cookie_value(token, analyst), httponly=True, samesite="strict", path="/",
                        secure=request.url.scheme == "https")
    return response


@pages.post("/corrections/sign-out")
async def sign_out(request: Request) -> Response:
    form = await read_form(request)
    refused = _refusal(request, form)
    if refused:
        return refused
    response = RedirectResponse(back_to(form, "/corrections"), status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


def _refusal(request: Request, form: dict[str, str]) -> Optional[HTMLResponse]:
    """The corrections page refusing a desk POST that is not from a signed-in analyst on this server's own page."""
    refused = refusal(request, form)
    return _log_page(request, error=refused.message, status=refused.status) if refused else None


_DESK_CHANGES = {
    "merge": lambda fix, f, who: fix.merge(f.get("entity", ""), f.get("into", ""), analyst=who),
    "alias": lambda fix, f, who: fix.add_alias(f.get("entity", ""), f.get("alias", ""), analyst=who),
    "retype": lambda fix, f, who: fix.retype(f.get("entity", ""), f.get("type", ""), analyst=who),
    "wrong": lambda fix, f, who: fix.mark_wrong(f.get("article", ""), f.get("claim", ""), analyst=who,
                                                reason=f.get("reason", "")),
    "note": lambda fix, f, who: fix.add_note(f.get("article", ""), f.get("text", ""), analyst=who,
                                             claim=f.get("claim") or None),
}


@pages.post("/corrections/{action}")
async def desk_change(request: Request, action: str) -> Response:
    """One change from a desk form (merge, alias, retype, wrong, note, undo), then back to its page."""
    form = await read_form(request)
    refused = _refusal(request, form)
    if refused:
        return refused
    session = desk_session(request)
    assert session is not None  # _refusal lets no one else through
    fix = _fix(request)
    try:
        if action == "undo":
            fix.undo(_number(form.get("id", "")), analyst=session.analyst)
        elif action in _DESK_CHANGES:
            _DESK_CHANGES[action](fix, form, session.analyst)
        else:
            return _log_page(request, error=f"no such change {action[:40]!r}", status=404)
    except NotFound as err:
        return _log_page(request, error=str(err), status=404)
    except CorrectionError as err:
        return _log_page(request, error=str(err), status=422)
    return RedirectResponse(back_to(form, "/corrections"), status_code=303)


def _number(value: str) -> int:
    if not value.isdigit() or len(value) > 12:
        raise NotFound(f"no correction #{value[:20]}")
    return int(value)


# --- what the entity and article pages add to their context --------------------------------------

def entity_context(request: Request, name: str) -> dict:
    """The entity page's corrections panel: the entity's corrections, the analyst signed in (if
    any), the page to come back to and the types to choose from."""
    return {"fix": _fix(request).entity(name), "desk": desk_session(request), "back": quote(request.url.path),
            "types": ENTITY_TYPES}


def article_context(request: Request, article_id: str) -> dict:
    """The article page's corrections panel: its claims marked wrong, its notes, the analyst
    signed in (if any) and the page to come back to."""
    return {"fixes": _fix(request).article(article_id), "desk": desk_session(request), "back": quote(request.url.path)}
