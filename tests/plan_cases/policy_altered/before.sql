-- Policies whose roles or expressions change are altered in place (ALTER POLICY); one
-- that changes its command, becomes restrictive or loses an expression is made again.
CREATE TABLE public.doc (id integer PRIMARY KEY, owner_name text NOT NULL, team text);
ALTER TABLE public.doc ENABLE ROW LEVEL SECURITY;
CREATE POLICY doc_read ON public.doc FOR SELECT TO plan_reader USING (owner_name = current_user);
CREATE POLICY doc_write ON public.doc FOR UPDATE USING (team = 'a') WITH CHECK (team = 'a');
CREATE POLICY doc_all ON public.doc FOR ALL TO plan_owner USING (true);
COMMENT ON POLICY doc_read ON public.doc IS 'owners read';
