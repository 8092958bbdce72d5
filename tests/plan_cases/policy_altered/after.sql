CREATE TABLE public.doc (id integer PRIMARY KEY, owner_name text NOT NULL, team text);
ALTER TABLE public.doc ENABLE ROW LEVEL SECURITY;
CREATE POLICY doc_read ON public.doc FOR SELECT TO plan_reader, plan_owner USING (owner_name = current_user OR team = 'b');
CREATE POLICY doc_write ON public.doc FOR UPDATE TO plan_reader USING (team = 'a') WITH CHECK (team IN ('a', 'b'));
CREATE POLICY doc_all ON public.doc AS RESTRICTIVE FOR ALL TO plan_owner USING (true);
COMMENT ON POLICY doc_read ON public.doc IS 'owners and team b read';
