// Create a workspace (name and slug); the creator becomes its owner and lands on its billing page.
import { Alert, Button, Container, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, type Workspace } from '../api.ts';

export function slugFromName(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
}

export function CreateWorkspacePage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugEdited, setSlugEdited] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const workspace = await api<Workspace>('POST', '/v1/workspaces', { name, slug });
      await queryClient.invalidateQueries({ queryKey: ['workspaces'] });
      navigate(`/w/${workspace.slug}/members`);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Container size={460} py={80}>
      <Title order={2}>Create your workspace</Title>
      <Text c="dimmed" size="sm" mt={4}>
        It starts on the Free plan. You will be its owner.
      </Text>
      <Paper withBorder p={30} mt={24}>
        <form onSubmit={submit}>
          <Stack>
            <TextInput
              label="Workspace name"
              required
              value={name}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setName(value);
                if (!slugEdited) setSlug(slugFromName(value));
              }}
            />
            <TextInput
              label="URL slug"
              description={`Your billing page will be /w/${slug || 'your-slug'}/billing`}
              required
              value={slug}
              onChange={(e) => {
                setSlugEdited(true);
                setSlug(e.currentTarget.value);
              }}
            />
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Button type="submit" loading={busy}>
              Create workspace
            </Button>
          </Stack>
        </form>
      </Paper>
    </Container>
  );
}
