// The page's routes: sign-in/up, creating a workspace, accepting an invite, and a workspace's Members, Plan & Billing
// and Developers.
import { Navigate, Route, Routes, useLocation, useParams } from 'react-router';
import { FullPageLoader } from './layout/FullPageLoader.tsx';
import { WorkspaceLayout } from './layout/WorkspaceLayout.tsx';
import { AcceptInvitePage } from './pages/AcceptInvitePage.tsx';
import { BillingPage } from './pages/BillingPage.tsx';
import { CreateWorkspacePage } from './pages/CreateWorkspacePage.tsx';
import { DevelopersPage } from './pages/DevelopersPage.tsx';
import { MembersPage } from './pages/MembersPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { landingPath, useSession, useWorkspaces, workspaceHome } from './session.ts';

export function App() {
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage mode="sign-in" />} />
      <Route path="/sign-up" element={<SignInPage mode="sign-up" />} />
      <Route path="/invites/:inviteId" element={<AcceptInvitePage />} />
      <Route
        path="/new"
        element={
          <RequireSession>
            <CreateWorkspacePage />
          </RequireSession>
        }
      />
      <Route
        path="/w/:slug"
        element={
          <RequireSession>
            <WorkspaceLayout />
          </RequireSession>
        }
      >
        <Route index element={<WorkspaceHome />} />
        <Route path="billing" element={<BillingPage />} />
        <Route path="members" element={<MembersPage />} />
        <Route path="developers" element={<DevelopersPage />} />
      </Route>
      <Route
        path="*"
        element={
          <RequireSession>
            <Landing />
          </RequireSession>
        }
      />
    </Routes>
  );
}

function RequireSession({ children }: { children: React.ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <FullPageLoader />;
  if (!session.data)
    return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return children;
}

function Landing() {
  const workspaces = useWorkspaces();
  if (!workspaces.data) return <FullPageLoader />;
  return <Navigate to={landingPath(workspaces.data.data, null)} replace />;
}

/** `/w/:slug` alone: Plan & Billing for those who may see it, else Members. */
function WorkspaceHome() {
  const { slug = '' } = useParams();
  const workspaces = useWorkspaces();
  const workspace = workspaces.data?.data.find((w) => w.slug === slug);
  if (!workspace) return null;
  return <Navigate to={workspaceHome(workspace)} replace />;
}
