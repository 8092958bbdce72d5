CREATE TABLE public.measurement (at date NOT NULL, value integer) PARTITION BY RANGE (at);
CREATE TABLE public.measurement_2025 PARTITION OF public.measurement FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
