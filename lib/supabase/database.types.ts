// Generated from the database's catalog by `npm run db:types`; do not edit.
// The SQL migrations in db/migrations are the schema's one source.

export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[];

export type Database = {
  public: {
    Tables: {
      audit_log: {
        Row: {
          id: number;
          actor_user_id: string | null;
          action: string;
          target_table: string;
          target_id: string;
          before: Json | null;
          after: Json | null;
          at: string;
          client_id: string | null;
          actor_role: string | null;
        };
        Insert: {
          id?: never;
          actor_user_id?: string | null;
          action: string;
          target_table: string;
          target_id: string;
          before?: Json | null;
          after?: Json | null;
          at?: string;
          client_id?: string | null;
          actor_role?: string | null;
        };
        Update: {
          id?: never;
          actor_user_id?: string | null;
          action?: string;
          target_table?: string;
          target_id?: string;
          before?: Json | null;
          after?: Json | null;
          at?: string;
          client_id?: string | null;
          actor_role?: string | null;
        };
        Relationships: [];
      };
      breakpoint_events: {
        Row: {
          id: string;
          device_uuid: string;
          pattern: string;
          phase: string;
          held: Json;
          held_at: string;
          resumed_at: string | null;
          resumed_by: string | null;
          resolution: Json | null;
        };
        Insert: {
          id?: string;
          device_uuid: string;
          pattern: string;
          phase?: string;
          held: Json;
          held_at?: string;
          resumed_at?: string | null;
          resumed_by?: string | null;
          resolution?: Json | null;
        };
        Update: {
          id?: string;
          device_uuid?: string;
          pattern?: string;
          phase?: string;
          held?: Json;
          held_at?: string;
          resumed_at?: string | null;
          resumed_by?: string | null;
          resolution?: Json | null;
        };
        Relationships: [
          {
            foreignKeyName: "breakpoint_events_device_uuid_fkey";
            columns: ["device_uuid"];
            isOneToOne: false;
            referencedRelation: "devices";
            referencedColumns: ["uuid"];
          },
        ];
      };
      busybro_agents: {
        Row: {
          id: string;
          slug: string;
          label: string;
          instructions: string;
          model: string | null;
          owner_user_id: string | null;
          created_at: string;
          updated_at: string;
        };
        Insert: {
          id?: string;
          slug: string;
          label: string;
          instructions?: string;
          model?: string | null;
          owner_user_id?: string | null;
          created_at?: string;
          updated_at?: string;
        };
        Update: {
          id?: string;
          slug?: string;
          label?: string;
          instructions?: string;
          model?: string | null;
          owner_user_id?: string | null;
          created_at?: string;
          updated_at?: string;
        };
        Relationships: [];
      };
      busybro_conversations: {
        Row: {
          id: string;
          owner_user_id: string;
          title: string;
          created_at: string;
          updated_at: string;
        };
        Insert: {
          id?: string;
          owner_user_id?: string;
          title: string;
          created_at?: string;
          updated_at?: string;
        };
        Update: {
          id?: string;
          owner_user_id?: string;
          title?: string;
          created_at?: string;
          updated_at?: string;
        };
        Relationships: [];
      };
      busybro_turns: {
        Row: {
          id: number;
          conversation_id: string;
          role: string;
          text: string;
          artifacts: Json;
          created_at: string;
        };
        Insert: {
          id?: never;
          conversation_id: string;
          role: string;
          text: string;
          artifacts?: Json;
          created_at?: string;
        };
        Update: {
          id?: never;
          conversation_id?: string;
          role?: string;
          text?: string;
          artifacts?: Json;
          created_at?: string;
        };
        Relationships: [
          {
            foreignKeyName: "busybro_turns_conversation_id_fkey";
            columns: ["conversation_id"];
            isOneToOne: false;
            referencedRelation: "busybro_conversations";
            referencedColumns: ["id"];
          },
        ];
      };
      device_status: {
        Row: {
          device_uuid: string;
          last_heartbeat_at: string;
          ip: string | null;
          vpn_state: string | null;
          source: string | null;
          country: string | null;
          updated_at: string;
        };
        Insert: {
          device_uuid: string;
          last_heartbeat_at?: string;
          ip?: string | null;
          vpn_state?: string | null;
          source?: string | null;
          country?: string | null;
          updated_at?: string;
        };
        Update: {
          device_uuid?: string;
          last_heartbeat_at?: string;
          ip?: string | null;
          vpn_state?: string | null;
          source?: string | null;
          country?: string | null;
          updated_at?: string;
        };
        Relationships: [
          {
            foreignKeyName: "device_status_device_uuid_fkey";
            columns: ["device_uuid"];
            isOneToOne: true;
            referencedRelation: "devices";
            referencedColumns: ["uuid"];
          },
        ];
      };
      devices: {
        Row: {
          uuid: string;
          name: string;
          os: string | null;
          kind: string;
          owner_user_id: string;
          setup: Json;
          created_at: string;
          updated_at: string;
        };
        Insert: {
          uuid?: string;
          name: string;
          os?: string | null;
          kind?: string;
          owner_user_id: string;
          setup?: Json;
          created_at?: string;
          updated_at?: string;
        };
        Update: {
          uuid?: string;
          name?: string;
          os?: string | null;
          kind?: string;
          owner_user_id?: string;
          setup?: Json;
          created_at?: string;
          updated_at?: string;
        };
        Relationships: [];
      };
      entries: {
        Row: {
          id: number;
          ts: string;
          device_uuid: string;
          payload: Json;
          received_at: string;
          url: string | null;
          host: string | null;
          path: string | null;
          method: string | null;
          status: number | null;
          source: string | null;
          duration_ms: number | null;
          capture_id: string | null;
        };
        Insert: {
          id?: never;
          ts: string;
          device_uuid: string;
          payload: Json;
          received_at?: string;
          url?: never;
          host?: never;
          path?: never;
          method?: never;
          status?: never;
          source?: never;
          duration_ms?: never;
          capture_id?: never;
        };
        Update: {
          id?: never;
          ts?: string;
          device_uuid?: string;
          payload?: Json;
          received_at?: string;
          url?: never;
          host?: never;
          path?: never;
          method?: never;
          status?: never;
          source?: never;
          duration_ms?: never;
          capture_id?: never;
        };
        Relationships: [
          {
            foreignKeyName: "entries_device_uuid_fkey";
            columns: ["device_uuid"];
            isOneToOne: false;
            referencedRelation: "devices";
            referencedColumns: ["uuid"];
          },
        ];
      };
      entry_tags: {
        Row: {
          entry_id: number;
          tag_id: string;
          tagged_at: string;
          tagged_by: string | null;
        };
        Insert: {
          entry_id: number;
          tag_id: string;
          tagged_at?: string;
          tagged_by?: string | null;
        };
        Update: {
          entry_id?: number;
          tag_id?: string;
          tagged_at?: string;
          tagged_by?: string | null;
        };
        Relationships: [
          {
            foreignKeyName: "entry_tags_tag_id_fkey";
            columns: ["tag_id"];
            isOneToOne: false;
            referencedRelation: "tags";
            referencedColumns: ["id"];
          },
        ];
      };
      notification_preferences: {
        Row: {
          user_id: string;
          breakpoint_held: boolean;
          device_offline: boolean;
          component_down: boolean;
          updated_at: string;
        };
        Insert: {
          user_id?: string;
          breakpoint_held?: boolean;
          device_offline?: boolean;
          component_down?: boolean;
          updated_at?: string;
        };
        Update: {
          user_id?: string;
          breakpoint_held?: boolean;
          device_offline?: boolean;
          component_down?: boolean;
          updated_at?: string;
        };
        Relationships: [];
      };
      role_capabilities: {
        Row: {
          role_id: string;
          section: string;
          action: string;
        };
        Insert: {
          role_id: string;
          section: string;
          action: string;
        };
        Update: {
          role_id?: string;
          section?: string;
          action?: string;
        };
        Relationships: [
          {
            foreignKeyName: "role_capabilities_role_id_fkey";
            columns: ["role_id"];
            isOneToOne: false;
            referencedRelation: "roles";
            referencedColumns: ["id"];
          },
        ];
      };
      roles: {
        Row: {
          id: string;
          slug: string;
          name: string;
          description: string;
          built_in: boolean;
          scope: string;
          is_default: boolean;
          created_at: string;
          updated_at: string;
        };
        Insert: {
          id?: string;
          slug: string;
          name: string;
          description?: string;
          built_in?: boolean;
          scope: string;
          is_default?: boolean;
          created_at?: string;
          updated_at?: string;
        };
        Update: {
          id?: string;
          slug?: string;
          name?: string;
          description?: string;
          built_in?: boolean;
          scope?: string;
          is_default?: boolean;
          created_at?: string;
          updated_at?: string;
        };
        Relationships: [];
      };
      service_group_agents: {
        Row: {
          group_id: string;
          agent_id: string;
          is_primary: boolean;
          position: number;
        };
        Insert: {
          group_id: string;
          agent_id: string;
          is_primary?: boolean;
          position?: number;
        };
        Update: {
          group_id?: string;
          agent_id?: string;
          is_primary?: boolean;
          position?: number;
        };
        Relationships: [
          {
            foreignKeyName: "service_group_agents_agent_id_fkey";
            columns: ["agent_id"];
            isOneToOne: false;
            referencedRelation: "busybro_agents";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "service_group_agents_group_id_fkey";
            columns: ["group_id"];
            isOneToOne: false;
            referencedRelation: "service_groups";
            referencedColumns: ["id"];
          },
        ];
      };
      service_groups: {
        Row: {
          id: string;
          name: string;
          description: string;
          ssl_proxy_domains: string[];
          owner_user_id: string;
          created_at: string;
          updated_at: string;
        };
        Insert: {
          id?: string;
          name: string;
          description?: string;
          ssl_proxy_domains?: string[];
          owner_user_id?: string;
          created_at?: string;
          updated_at?: string;
        };
        Update: {
          id?: string;
          name?: string;
          description?: string;
          ssl_proxy_domains?: string[];
          owner_user_id?: string;
          created_at?: string;
          updated_at?: string;
        };
        Relationships: [];
      };
      service_stats: {
        Row: {
          id: number;
          snapshot: Json;
          updated_at: string;
        };
        Insert: {
          id?: number;
          snapshot?: Json;
          updated_at?: string;
        };
        Update: {
          id?: number;
          snapshot?: Json;
          updated_at?: string;
        };
        Relationships: [];
      };
      service_status: {
        Row: {
          id: number;
          snapshot: Json;
          updated_at: string;
        };
        Insert: {
          id?: number;
          snapshot?: Json;
          updated_at?: string;
        };
        Update: {
          id?: number;
          snapshot?: Json;
          updated_at?: string;
        };
        Relationships: [];
      };
      settings_device: {
        Row: {
          device_uuid: string;
          data: Json;
          updated_at: string;
          updated_by: string | null;
        };
        Insert: {
          device_uuid: string;
          data?: Json;
          updated_at?: string;
          updated_by?: string | null;
        };
        Update: {
          device_uuid?: string;
          data?: Json;
          updated_at?: string;
          updated_by?: string | null;
        };
        Relationships: [
          {
            foreignKeyName: "settings_device_device_uuid_fkey";
            columns: ["device_uuid"];
            isOneToOne: true;
            referencedRelation: "devices";
            referencedColumns: ["uuid"];
          },
        ];
      };
      settings_global: {
        Row: {
          id: number;
          data: Json;
          updated_at: string;
          updated_by: string | null;
          retention_days: number | null;
          retention_max_bytes: number | null;
          retention_updated_at: string | null;
          retention_updated_by: string | null;
        };
        Insert: {
          id?: number;
          data?: Json;
          updated_at?: string;
          updated_by?: string | null;
          retention_days?: number | null;
          retention_max_bytes?: number | null;
          retention_updated_at?: string | null;
          retention_updated_by?: string | null;
        };
        Update: {
          id?: number;
          data?: Json;
          updated_at?: string;
          updated_by?: string | null;
          retention_days?: number | null;
          retention_max_bytes?: number | null;
          retention_updated_at?: string | null;
          retention_updated_by?: string | null;
        };
        Relationships: [];
      };
      stats_history: {
        Row: {
          grain: string;
          bucket: string;
          device_uuid: string;
          status_class: number;
          source: string;
          captures: number;
        };
        Insert: {
          grain: string;
          bucket: string;
          device_uuid: string;
          status_class: number;
          source: string;
          captures: number;
        };
        Update: {
          grain?: string;
          bucket?: string;
          device_uuid?: string;
          status_class?: number;
          source?: string;
          captures?: number;
        };
        Relationships: [];
      };
      stats_series: {
        Row: {
          grain: string;
          bucket: string;
          dim: string;
          key: string;
          captures: number;
        };
        Insert: {
          grain: string;
          bucket: string;
          dim: string;
          key: string;
          captures: number;
        };
        Update: {
          grain?: string;
          bucket?: string;
          dim?: string;
          key?: string;
          captures?: number;
        };
        Relationships: [];
      };
      status_history: {
        Row: {
          at: string;
          overall: string;
          cpu: number | null;
          load1: number | null;
          mem_used_mb: number | null;
          mem_total_mb: number | null;
          uptime_s: number | null;
          components: Json;
        };
        Insert: {
          at: string;
          overall: string;
          cpu?: number | null;
          load1?: number | null;
          mem_used_mb?: number | null;
          mem_total_mb?: number | null;
          uptime_s?: number | null;
          components?: Json;
        };
        Update: {
          at?: string;
          overall?: string;
          cpu?: number | null;
          load1?: number | null;
          mem_used_mb?: number | null;
          mem_total_mb?: number | null;
          uptime_s?: number | null;
          components?: Json;
        };
        Relationships: [];
      };
      status_incidents: {
        Row: {
          id: number;
          component: string;
          label: string;
          down_at: string;
          up_at: string | null;
          error: string | null;
        };
        Insert: {
          id?: never;
          component: string;
          label: string;
          down_at: string;
          up_at?: string | null;
          error?: string | null;
        };
        Update: {
          id?: never;
          component?: string;
          label?: string;
          down_at?: string;
          up_at?: string | null;
          error?: string | null;
        };
        Relationships: [];
      };
      tags: {
        Row: {
          id: string;
          name: string;
          color: string;
          owner_user_id: string;
          created_at: string;
          updated_at: string;
        };
        Insert: {
          id?: string;
          name: string;
          color?: string;
          owner_user_id?: string;
          created_at?: string;
          updated_at?: string;
        };
        Update: {
          id?: string;
          name?: string;
          color?: string;
          owner_user_id?: string;
          created_at?: string;
          updated_at?: string;
        };
        Relationships: [];
      };
      telegram_link_codes: {
        Row: {
          code_hash: string;
          user_id: string;
          read_write: boolean;
          created_at: string;
          expires_at: string;
        };
        Insert: {
          code_hash: string;
          user_id: string;
          read_write: boolean;
          created_at?: string;
          expires_at?: string;
        };
        Update: {
          code_hash?: string;
          user_id?: string;
          read_write?: boolean;
          created_at?: string;
          expires_at?: string;
        };
        Relationships: [];
      };
      telegram_links: {
        Row: {
          user_id: string;
          telegram_user_id: number;
          chat_id: number;
          telegram_username: string | null;
          read_write: boolean;
          created_at: string;
        };
        Insert: {
          user_id: string;
          telegram_user_id: number;
          chat_id: number;
          telegram_username?: string | null;
          read_write?: boolean;
          created_at?: string;
        };
        Update: {
          user_id?: string;
          telegram_user_id?: number;
          chat_id?: number;
          telegram_username?: string | null;
          read_write?: boolean;
          created_at?: string;
        };
        Relationships: [];
      };
      user_roles: {
        Row: {
          user_id: string;
          role_id: string;
          assigned_at: string;
          assigned_by: string | null;
        };
        Insert: {
          user_id: string;
          role_id: string;
          assigned_at?: string;
          assigned_by?: string | null;
        };
        Update: {
          user_id?: string;
          role_id?: string;
          assigned_at?: string;
          assigned_by?: string | null;
        };
        Relationships: [
          {
            foreignKeyName: "user_roles_role_id_fkey";
            columns: ["role_id"];
            isOneToOne: false;
            referencedRelation: "roles";
            referencedColumns: ["id"];
          },
        ];
      };
      workspace_devices: {
        Row: {
          workspace_id: string;
          device_uuid: string;
        };
        Insert: {
          workspace_id: string;
          device_uuid: string;
        };
        Update: {
          workspace_id?: string;
          device_uuid?: string;
        };
        Relationships: [
          {
            foreignKeyName: "workspace_devices_device_uuid_fkey";
            columns: ["device_uuid"];
            isOneToOne: false;
            referencedRelation: "devices";
            referencedColumns: ["uuid"];
          },
          {
            foreignKeyName: "workspace_devices_workspace_id_fkey";
            columns: ["workspace_id"];
            isOneToOne: false;
            referencedRelation: "workspaces";
            referencedColumns: ["id"];
          },
        ];
      };
      workspace_entries: {
        Row: {
          workspace_id: string;
          entry_id: number;
          added_at: string;
          added_by: string | null;
        };
        Insert: {
          workspace_id: string;
          entry_id: number;
          added_at?: string;
          added_by?: string | null;
        };
        Update: {
          workspace_id?: string;
          entry_id?: number;
          added_at?: string;
          added_by?: string | null;
        };
        Relationships: [
          {
            foreignKeyName: "workspace_entries_workspace_id_fkey";
            columns: ["workspace_id"];
            isOneToOne: false;
            referencedRelation: "workspaces";
            referencedColumns: ["id"];
          },
        ];
      };
      workspace_tabs: {
        Row: {
          id: string;
          workspace_id: string;
          title: string;
          position: number;
          filter: Json;
          created_at: string;
        };
        Insert: {
          id?: string;
          workspace_id: string;
          title: string;
          position?: number;
          filter?: Json;
          created_at?: string;
        };
        Update: {
          id?: string;
          workspace_id?: string;
          title?: string;
          position?: number;
          filter?: Json;
          created_at?: string;
        };
        Relationships: [
          {
            foreignKeyName: "workspace_tabs_workspace_id_fkey";
            columns: ["workspace_id"];
            isOneToOne: false;
            referencedRelation: "workspaces";
            referencedColumns: ["id"];
          },
        ];
      };
      workspaces: {
        Row: {
          id: string;
          name: string;
          description: string;
          owner_user_id: string;
          created_at: string;
          updated_at: string;
        };
        Insert: {
          id?: string;
          name: string;
          description?: string;
          owner_user_id: string;
          created_at?: string;
          updated_at?: string;
        };
        Update: {
          id?: string;
          name?: string;
          description?: string;
          owner_user_id?: string;
          created_at?: string;
          updated_at?: string;
        };
        Relationships: [];
      };
    };
    Views: {
      [_ in never]: never;
    };
    Functions: {
      busymate_pre_request: {
        Args: {
          [_ in never]: never;
        };
        Returns: undefined;
      };
      create_device_pairing_code: {
        Args: {
          target: string;
        };
        Returns: {
          code: string;
          expires_at: string;
        };
      };
      create_telegram_link_code: {
        Args: {
          read_write?: boolean;
        };
        Returns: {
          code: string;
          expires_at: string;
          retry_after_s: number;
        };
      };
      current_device_uuid: {
        Args: {
          [_ in never]: never;
        };
        Returns: string;
      };
      current_user_email: {
        Args: {
          [_ in never]: never;
        };
        Returns: string;
      };
      device_in_scope: {
        Args: {
          target: string;
        };
        Returns: boolean;
      };
      devices_in_scope: {
        Args: {
          [_ in never]: never;
        };
        Returns: string[];
      };
      effective_settings_for_device: {
        Args: {
          target_uuid: string;
        };
        Returns: Json;
      };
      entries_filtered_count: {
        Args: {
          target_workspace?: string;
          device_uuids?: string[];
          hosts?: string[];
          search_q?: string;
          methods?: string[];
          status_classes?: number[];
        };
        Returns: number;
      };
      entries_filtered_list: {
        Args: {
          target_workspace?: string;
          device_uuids?: string[];
          hosts?: string[];
          search_q?: string;
          before_id?: number;
          lim?: number;
          methods?: string[];
          status_classes?: number[];
        };
        Returns: {
          id: number;
          ts: string;
          device_uuid: string;
          method: string;
          host: string;
          path: string;
          status: number;
          source: string;
          duration_ms: number;
          response_size: number;
        }[];
      };
      entry_hosts: {
        Args: {
          target_workspace?: string;
          lim?: number;
        };
        Returns: {
          host: string;
          entries: number;
        }[];
      };
      expand_service_groups: {
        Args: {
          group_ids: string[];
        };
        Returns: string[];
      };
      get_stats: {
        Args: {
          [_ in never]: never;
        };
        Returns: Json;
      };
      has_capability: {
        Args: {
          section: string;
          action: string;
        };
        Returns: boolean;
      };
      has_fleet_scope: {
        Args: {
          [_ in never]: never;
        };
        Returns: boolean;
      };
      list_people: {
        Args: {
          search_q?: string;
          after_email?: string;
          after_id?: string;
          lim?: number;
        };
        Returns: {
          id: string;
          email: string;
          role_slug: string;
          role_name: string;
          created_at: string;
          last_sign_in_at: string;
          banned_until: string;
          devices_owned: number;
        }[];
      };
      online: {
        Args: {
          "": unknown;
        };
        Returns: boolean;
      };
      owns_or_fleet: {
        Args: {
          owner: string;
        };
        Returns: boolean;
      };
      resume_breakpoint: {
        Args: {
          event_id: string;
          resolution?: Json;
        };
        Returns: {
          id: string;
          device_uuid: string;
          pattern: string;
          phase: string;
          held: Json;
          held_at: string;
          resumed_at: string;
          resumed_by: string;
          resolution: Json;
        };
      };
      retention_estimate: {
        Args: {
          days: number;
          max_bytes: number;
        };
        Returns: Json;
      };
      revoke_device_credentials: {
        Args: {
          target: string;
        };
        Returns: number;
      };
      service_group_in_scope: {
        Args: {
          target: string;
        };
        Returns: boolean;
      };
      tag_in_scope: {
        Args: {
          target: string;
        };
        Returns: boolean;
      };
      workspace_in_scope: {
        Args: {
          target: string;
        };
        Returns: boolean;
      };
    };
    Enums: {
      [_ in never]: never;
    };
    CompositeTypes: {
      [_ in never]: never;
    };
  };
};

type PublicSchema = Database["public"];
export type Tables<T extends keyof PublicSchema["Tables"]> = PublicSchema["Tables"][T]["Row"];
export type TablesInsert<T extends keyof PublicSchema["Tables"]> = PublicSchema["Tables"][T]["Insert"];
export type TablesUpdate<T extends keyof PublicSchema["Tables"]> = PublicSchema["Tables"][T]["Update"];
