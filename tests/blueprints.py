"""Values every test blueprint needs: one declared cluster admin per cloud, in that cloud's format."""

from __future__ import annotations

ADMINS = {
    "aws": ["arn:aws:iam::111122223333:role/platform-admins"],
    "gcp": ["group:platform-admins@example.com"],
    "azure": ["00000000-0000-4000-8000-000000000001"],
}
