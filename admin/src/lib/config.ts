// What the Worker tells the SPA about the newsroom (GET /admin/config.json).
export interface AdminConfig {
  time_zone: string;
  site_title: string;
  public_site_url: string;
}

const FALLBACK: AdminConfig = { time_zone: "UTC", site_title: "Copydesk", public_site_url: "" };

export async function loadConfig(): Promise<AdminConfig> {
  try {
    const res = await fetch("/admin/config.json", { headers: { accept: "application/json" } });
    if (!res.ok) return FALLBACK;
    return { ...FALLBACK, ...((await res.json()) as Partial<AdminConfig>) };
  } catch {
    return FALLBACK;
  }
}
