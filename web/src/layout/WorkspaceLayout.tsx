// The frame around a workspace's pages: workspace switcher, Members / Plan & Billing tabs, profile menu.
import { AppShell, Avatar, Button, Container, Group, Menu, Tabs, Text, UnstyledButton } from '@mantine/core';
import { IconCheck, IconChevronDown, IconCreditCard, IconLogout, IconPlus, IconUsers } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { Outlet, useLocation, useNavigate, useParams } from 'react-router';
import { api } from '../api.ts';
import { useSession, useWorkspaces } from '../session.ts';

export function WorkspaceLayout() {
  const { slug = '' } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const session = useSession();
  const workspaces = useWorkspaces();
  const current = workspaces.data?.data.find((w) => w.slug === slug);
  const tab = location.pathname.endsWith('/members') ? 'members' : 'billing';

  async function signOut() {
    await api('POST', '/api/auth/sign-out', {});
    queryClient.clear();
    navigate('/sign-in', { replace: true });
  }

  return (
    <AppShell header={{ height: 60 }} padding="md">
      <AppShell.Header>
        <Container size="lg" h="100%">
          <Group h="100%" justify="space-between">
            <Group gap="lg">
              <Text fw={800} size="lg" c="indigo">
                Billfold
              </Text>
              <Menu position="bottom-start" width={260}>
                <Menu.Target>
                  <Button
                    variant="subtle"
                    color="dark"
                    rightSection={<IconChevronDown size={16} />}
                    data-testid="workspace-switcher"
                  >
                    {current?.name ?? slug}
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Label>Workspaces</Menu.Label>
                  {workspaces.data?.data.map((w) => (
                    <Menu.Item
                      key={w.id}
                      onClick={() => navigate(`/w/${w.slug}/${tab}`)}
                      rightSection={w.slug === slug ? <IconCheck size={14} /> : null}
                    >
                      {w.name}
                    </Menu.Item>
                  ))}
                  <Menu.Divider />
                  <Menu.Item leftSection={<IconPlus size={14} />} onClick={() => navigate('/new')}>
                    Create workspace
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            </Group>
            <Menu position="bottom-end" width={240}>
              <Menu.Target>
                <UnstyledButton aria-label="Profile menu" data-testid="profile-menu">
                  <Avatar color="indigo" radius="xl">
                    {session.data?.user.name.slice(0, 1).toUpperCase()}
                  </Avatar>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>
                  {session.data?.user.name}
                  <br />
                  {session.data?.user.email}
                </Menu.Label>
                <Menu.Item leftSection={<IconUsers size={14} />} onClick={() => navigate(`/w/${slug}/members`)}>
                  Members
                </Menu.Item>
                <Menu.Item leftSection={<IconCreditCard size={14} />} onClick={() => navigate(`/w/${slug}/billing`)}>
                  Plan & Billing
                </Menu.Item>
                <Menu.Divider />
                <Menu.Item leftSection={<IconLogout size={14} />} onClick={signOut}>
                  Sign out
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Container>
      </AppShell.Header>
      <AppShell.Main>
        <Container size="lg">
          <Tabs value={tab} onChange={(value) => navigate(`/w/${slug}/${value}`)} mb="lg">
            <Tabs.List>
              <Tabs.Tab value="members" leftSection={<IconUsers size={16} />}>
                Members
              </Tabs.Tab>
              <Tabs.Tab value="billing" leftSection={<IconCreditCard size={16} />}>
                Plan & Billing
              </Tabs.Tab>
            </Tabs.List>
          </Tabs>
          <Outlet />
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
