// Create a workspace (name and slug); the creator becomes its owner and lands on its Members page to invite people.
import { Alert, Anchor, Button, Paper, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError, api, type Workspace } from '../api.ts';
import { CenteredFrame } from '../layout/CenteredFrame.tsx';
import { errorInWords } from '../layout/change-notices.ts';
import { useWorkspaces, workspaceHome } from '../session.ts';

/** The slug the server accepts: lowercase letters, digits and inner hyphens, 1–48 characters. */
export function slugFromName(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 48)
    .replace(/^-+|-+$/g, '');
}

export function CreateWorkspacePage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const workspaces = useWorkspaces();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugEdited, setSlugEdited] = useState(false);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [busy, setBusy] = useState(false);
  const existing = workspaces.data?.data ?? [];
  const back = existing[0];
  // A refusal about one field (slug taken, slug malformed) is shown under that field.
  const fieldError = (field: string) => (error instanceof ApiError && error.param === field ? error.message : null);
  const formError = error && !fieldError('name') && !fieldError('slug') ? errorInWords(error) : null;

  useEffect(() => {
    document.title = 'Create a workspace · Billfold';
  }, []);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const workspace = await api<Workspace>('POST', '/v1/workspaces', { name, slug });
      await queryClient.invalidateQueries({ queryKey: ['workspaces'] });
      navigate(`/w/${workspace.slug}/members`);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <CenteredFrame
      title={existing.length ? 'Create a workspace' : 'Create your workspace'}
      subtitle="A workspace is where your team and its billing live. It starts on the Free plan, with you as its owner."
      width={480}
    >
      <Paper withBorder shadow="xs" p={30} radius="md">
        <form onSubmit={submit}>
          <Stack>
            <TextInput
              label="Workspace name"
              placeholder="Acme Inc."
              required
              maxLength={80}
              error={fieldError('name')}
              autoFocus
              value={name}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setName(value);
                if (!slugEdited) setSlug(slugFromName(value));
              }}
            />
            <TextInput
              label="URL slug"
              description={`Lowercase letters, digits and hyphens. Billing will live at /w/${slug || 'your-slug'}/billing`}
              required
              maxLength={48}
              error={fieldError('slug')}
              value={slug}
              onChange={(e) => {
                setSlugEdited(true);
                setSlug(e.currentTarget.value.toLowerCase());
              }}
            />
            {formError && (
              <Alert color="red" role="alert" icon={<IconAlertCircle size={18} />}>
                {formError}
              </Alert>
            )}
            <Button type="submit" loading={busy}>
              Create workspace
            </Button>
          </Stack>
        </form>
      </Paper>
      {back && (
        <Text size="sm" ta="center" mt="md">
          <Anchor component={Link} to={workspaceHome(back)}>
            Back to {back.name}
          </Anchor>
        </Text>
      )}
    </CenteredFrame>
  );
}
