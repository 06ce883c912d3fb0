// The page's Mantine theme, tuned so every text meets WCAG AA contrast (4.5:1): primary actions, links and the
// filled red of Cancel a shade darker than Mantine's default, tinted badges and coloured text darkened, and the
// dimmed helper text dark enough on white and on the light grey of cards. Dialogs and messages name their close button.
import {
  Anchor,
  Badge,
  type CSSVariablesResolver,
  createTheme,
  darken,
  type MantineTheme,
  Modal,
  Notification,
} from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'md',
  // Someone who asked their system for less motion gets dialogs and messages without their fades and slides.
  respectReducedMotion: true,
  // Sentence-case badges ("Active", "Built-in") read calmer than Mantine's default capitals.
  components: {
    // A link inside a sentence is told from the text around it by its underline, not by colour alone.
    Anchor: Anchor.extend({ defaultProps: { underline: 'always' } }),
    Badge: Badge.extend({ defaultProps: { tt: 'none', fw: 600 } }),
    // A dialog's close button is named for screen readers; each dialog marks its first field `data-autofocus`.
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } } }),
    // A message names its close button, and its text is dark enough to read (Mantine's grey is 3.3:1 on white).
    Notification: Notification.extend({
      defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss message' } },
      styles: { description: { color: 'var(--mantine-color-gray-8)' } },
    }),
  },
});

/** Text on tinted backgrounds (light badges, alerts, avatars) and coloured text, readable at AA. */
export const readableColors: CSSVariablesResolver = (resolved: MantineTheme) => {
  // A field's error message (and its border) in the darkest red: Mantine's default red.6 is 3.3:1 on white.
  const light: Record<string, string> = {
    '--mantine-color-dimmed': '#5c636a',
    '--mantine-color-error': resolved.colors.red[9],
  };
  for (const [name, shades] of Object.entries(resolved.colors)) {
    light[`--mantine-color-${name}-light-color`] = darken(shades[9], 0.35);
    light[`--mantine-color-${name}-text`] = darken(shades[9], 0.2);
  }
  return { variables: {}, light, dark: {} };
};
