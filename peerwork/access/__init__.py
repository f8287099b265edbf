"""Who may see and change what. The one place that decides it.

Every view gets its objects through a function here (`from peerwork import access`, then
`access.get_evaluation_for_user(...)`). Anything a user may not see is a 404, never a 403: a
403 would tell them the object exists.

The rules (DESIGN.md):
- peer staff (and anyone with a staff record): themselves;
- supervisors: themselves and their direct and indirect reports, at any depth;
- HR: everyone in their agency;
- admins: everything, plus the Django admin.

One module per area; `rules.py` holds what they share (roles, reports at any depth). This
package is the one piece of the core that knows the apps' models: keeping every who-sees-what
rule in one folder matters more than the dependency direction here. The area modules import
app models inside their functions, because the core is imported before the apps are loaded.
A new app adds its module here and re-exports its functions below.
"""

from peerwork.access.assessments import *  # noqa: F403
from peerwork.access.competencies import *  # noqa: F403
from peerwork.access.credentials import *  # noqa: F403
from peerwork.access.evaluations import *  # noqa: F403
from peerwork.access.logins import *  # noqa: F403
from peerwork.access.onboarding import *  # noqa: F403
from peerwork.access.rules import *  # noqa: F403
from peerwork.access.staff import *  # noqa: F403
from peerwork.access.supervision import *  # noqa: F403
from peerwork.access.training import *  # noqa: F403
