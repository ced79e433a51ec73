"""The one guard on writing: a Bearer token set by the operator, compared in constant time.

Without SITREP_TOKEN the server is read-only (403 on writes), so a `sitrep
serve` left running on a laptop cannot be filled by anyone who reaches it.
"""

from __future__ import annotations

import hmac
from typing import Optional

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

bearer = HTTPBearer(auto_error=False, description="the server's SITREP_TOKEN")


def require_token(request: Request, credentials: Optional[HTTPAuthorizationCredentials] = Depends(bearer)) -> None:
    """Let the request through only when the server has a token and the request carries it."""
    token: Optional[str] = request.app.state.token
    if not token:
        raise HTTPException(status_code=403,
                            detail="this server is read-only: start it with SITREP_TOKEN set to allow writes")
    given = credentials.credentials if credentials else ""
    if not hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8")):
        raise HTTPException(status_code=401, detail="a valid 'Authorization: Bearer <token>' header is required",
                            headers={"WWW-Authenticate": "Bearer"})
