CREATE TABLE public.doc (id integer PRIMARY KEY, owner_name text NOT NULL);
ALTER TABLE public.doc ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.doc FORCE ROW LEVEL SECURITY;
CREATE POLICY doc_owner ON public.doc FOR SELECT TO plan_reader USING (owner_name = current_user);
