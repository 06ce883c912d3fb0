// The frame around a workspace's pages: workspace switcher (with Manage workspace and, on Flex, Add credits), profile
// menu and the Members / Plan & Billing / Developers nav, each offering only what the caller may open.
import { AppShell, Avatar, Button, Container, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import {
  IconBuildingCommunity,
  IconCheck,
  IconCode,
  IconCoins,
  IconCreditCard,
  IconLogout,
  IconPlus,
  IconSelector,
  IconSettings,
  IconUsers,
} from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate, useParams } from 'react-router';
import { api, type Workspace } from '../api.ts';
import { buysCredits, seesBilling } from '../billing/access.ts';
import { seesDevelopers } from '../developers/access.ts';
import { initials, rememberWorkspace, useSession, useWorkspaces } from '../session.ts';
import { Brand } from './Brand.tsx';
import { PageState } from './PageState.tsx';
import classes from './WorkspaceLayout.module.css';

// Plan & Billing only for those who may see billing, Developers only for those who manage API keys or webhooks; a
// direct link tells the others they have no access.
const sections = [
  { path: 'members', label: 'Members', icon: IconUsers, shown: () => true },
  { path: 'billing', label: 'Plan & Billing', icon: IconCreditCard, shown: seesBilling },
  { path: 'developers', label: 'Developers', icon: IconCode, shown: seesDevelopers },
] as const;

export function WorkspaceLayout() {
  const { slug = '' } = useParams();
  const location = useLocation();
  const workspaces = useWorkspaces();
  const current = workspaces.data?.data.find((w) => w.slug === slug);
  const notFound = workspaces.isSuccess && !current;
  const section = sections.find((s) => location.pathname.endsWith(`/${s.path}`));

  useEffect(() => {
    if (current) rememberWorkspace(current.slug);
  }, [current]);
  useEffect(() => {
    const parts = [section?.label, current?.name ?? (notFound ? 'Workspace not found' : undefined), 'Billfold'];
    document.title = parts.filter(Boolean).join(' · ');
  }, [section, current, notFound]);

  return (
    <AppShell header={{ height: notFound ? 57 : 97 }} padding="md" bg="gray.0">
      <AppShell.Header>
        <Container size="lg" px="md">
          <Group h={56} justify="space-between" wrap="nowrap">
            <Group gap="xs" wrap="nowrap" miw={0}>
              <Brand />
              <Text c="gray.4" size="xl" fw={300} visibleFrom="xs" aria-hidden>
                /
              </Text>
              <WorkspaceSwitcher current={current} workspaces={workspaces.data?.data ?? []} section={section?.path} />
            </Group>
            <ProfileMenu current={current} />
          </Group>
          {!notFound && (
            <Group gap={4} h={40} component="nav" aria-label="Workspace">
              {sections
                .filter(({ shown }) => shown(current))
                .map(({ path, label, icon: Icon }) => (
                  <NavLink key={path} to={`/w/${slug}/${path}`} className={classes.navLink}>
                    <Icon size={16} stroke={1.7} />
                    {label}
                  </NavLink>
                ))}
            </Group>
          )}
        </Container>
      </AppShell.Header>
      <AppShell.Main>
        <Container size="lg" px="md" py="lg">
          {notFound ? <WorkspaceNotFound slug={slug} /> : <Outlet />}
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}

function WorkspaceSwitcher({
  current,
  workspaces,
  section,
}: {
  current: Workspace | undefined;
  workspaces: Workspace[];
  section: string | undefined;
}) {
  const navigate = useNavigate();
  return (
    // No focus placeholder: a menu holds only its items (axe: aria-required-children).
    <Menu position="bottom-start" width={280} shadow="md" withInitialFocusPlaceholder={false}>
      <Menu.Target>
        <UnstyledButton className={classes.switcher} data-testid="workspace-switcher" aria-label="Switch workspace">
          <Group gap={8} wrap="nowrap">
            <Avatar size={26} radius="sm" color="indigo" variant="light">
              {current ? initials(current.name) : <IconBuildingCommunity size={14} />}
            </Avatar>
            <Text fw={600} size="sm" truncate maw={200}>
              {current?.name ?? 'Choose a workspace'}
            </Text>
            <IconSelector size={14} color="var(--mantine-color-gray-6)" />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Workspaces</Menu.Label>
        {workspaces.map((w) => (
          <Menu.Item
            key={w.id}
            onClick={() => navigate(`/w/${w.slug}/${section ?? 'members'}`)}
            leftSection={
              <Avatar size={22} radius="sm" color="indigo" variant="light">
                {initials(w.name)}
              </Avatar>
            }
            rightSection={w.slug === current?.slug ? <IconCheck size={14} /> : null}
          >
            <Text size="sm" truncate>
              {w.name}
            </Text>
            <Text size="xs" c="dimmed">
              {w.role}
            </Text>
          </Menu.Item>
        ))}
        <Menu.Divider />
        {current && seesBilling(current) && (
          <Menu.Item leftSection={<IconSettings size={14} />} onClick={() => navigate(`/w/${current.slug}/billing`)}>
            Manage workspace
          </Menu.Item>
        )}
        {current && buysCredits(current) && (
          // The Credits card opens its Add credits dialog for this link.
          <Menu.Item
            leftSection={<IconCoins size={14} />}
            onClick={() => navigate(`/w/${current.slug}/billing?dialog=add-credits`)}
          >
            Add credits
          </Menu.Item>
        )}
        <Menu.Item leftSection={<IconPlus size={14} />} onClick={() => navigate('/new')}>
          Create workspace
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function ProfileMenu({ current }: { current: Workspace | undefined }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const session = useSession();
  const user = session.data?.user;

  async function signOut() {
    await api('POST', '/api/auth/sign-out', {});
    queryClient.clear();
    navigate('/sign-in', { replace: true });
  }

  return (
    <Menu position="bottom-end" width={260} shadow="md" withInitialFocusPlaceholder={false}>
      <Menu.Target>
        <UnstyledButton aria-label="Profile menu" data-testid="profile-menu" className={classes.switcher}>
          <Group gap={8} wrap="nowrap">
            <Avatar color="indigo" radius="xl" size={30}>
              {user ? initials(user.name) : null}
            </Avatar>
            <Text size="sm" fw={500} visibleFrom="sm" truncate maw={160}>
              {user?.name}
            </Text>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Group gap="sm" px="sm" py="xs" wrap="nowrap" data-testid="profile-identity">
          <Avatar color="indigo" radius="xl" size={36}>
            {user ? initials(user.name) : null}
          </Avatar>
          <div style={{ minWidth: 0 }}>
            <Text size="sm" fw={600} truncate>
              {user?.name}
            </Text>
            <Text size="xs" c="dimmed" truncate>
              {user?.email}
            </Text>
          </div>
        </Group>
        <Menu.Divider />
        {current && (
          <>
            <Menu.Item leftSection={<IconUsers size={14} />} onClick={() => navigate(`/w/${current.slug}/members`)}>
              Members
            </Menu.Item>
            {seesBilling(current) && (
              <Menu.Item
                leftSection={<IconCreditCard size={14} />}
                onClick={() => navigate(`/w/${current.slug}/billing`)}
              >
                Plan & Billing
              </Menu.Item>
            )}
            <Menu.Divider />
          </>
        )}
        <Menu.Item leftSection={<IconLogout size={14} />} onClick={signOut}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function WorkspaceNotFound({ slug }: { slug: string }) {
  return (
    <PageState
      icon={<IconBuildingCommunity size={28} />}
      title="Workspace not found"
      testId="workspace-not-found"
      action={
        <Button component={Link} to="/" variant="light" mt="sm">
          Go to your workspaces
        </Button>
      }
    >
      There is no workspace “{slug}” that you are a member of. Check the link, or ask its owner for an invite.
    </PageState>
  );
}
