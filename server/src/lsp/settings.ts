// `kmsLint.*` settings, pulled per resource (`workspace/configuration` with a scope URI) and
// cached until the editor says they changed. Editors that cannot be asked push them instead.
import type { Connection } from 'vscode-languageserver/node';
import type { ConfigFile } from '../engine/config';
import { DEFAULT_SETTINGS, SETTINGS_SECTION, normalizeSettings, type KmsLintSettings } from '../shared/settings';

export class SettingsCache {
  private readonly cache = new Map<string, Promise<KmsLintSettings>>();
  private readonly resolved = new Map<string, KmsLintSettings>();
  private pushed: KmsLintSettings = DEFAULT_SETTINGS;

  constructor(
    private readonly connection: Connection,
    private readonly canPull: boolean,
  ) {}

  /** Settings for a document or folder URI (undefined: the global scope). */
  get(scopeUri: string | undefined): Promise<KmsLintSettings> {
    if (!this.canPull) return Promise.resolve(this.pushed);
    const key = scopeUri ?? '';
    let settings = this.cache.get(key);
    if (!settings) {
      settings = this.connection.workspace
        .getConfiguration({ scopeUri, section: SETTINGS_SECTION })
        .then(normalizeSettings, () => DEFAULT_SETTINGS)
        .then((s) => {
          this.resolved.set(key, s);
          return s;
        });
      this.cache.set(key, settings);
    }
    return settings;
  }

  /** Settings already known for a URI, without asking the editor. */
  peek(scopeUri: string | undefined): KmsLintSettings | undefined {
    return this.canPull ? this.resolved.get(scopeUri ?? '') : this.pushed;
  }

  forget(scopeUri: string): void {
    this.cache.delete(scopeUri);
    this.resolved.delete(scopeUri);
  }

  /** `workspace/didChangeConfiguration`: drop everything; keep what a push-only editor sent. */
  changed(pushedSettings: unknown): void {
    this.cache.clear();
    this.resolved.clear();
    if (!this.canPull && typeof pushedSettings === 'object' && pushedSettings !== null) {
      this.pushed = normalizeSettings((pushedSettings as Record<string, unknown>)[SETTINGS_SECTION]);
    }
  }
}

/** The part of the settings the engine merges under `.kms-lint.yaml`. */
export function engineSettings(settings: KmsLintSettings): ConfigFile {
  const config: ConfigFile = { rules: settings.rules };
  if (settings.docsBaseUrl) config.docsBaseUrl = settings.docsBaseUrl;
  return config;
}
