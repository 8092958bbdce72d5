// render/object_target.h — how SQL names an object in ALTER, COMMENT ON and DROP.
//
// One switch over every kind, so the statements that name an existing object (the
// planner's ALTER ... OWNER TO, COMMENT ON, DROP) agree on the form. Depends on model/
// and util/.
#pragma once

#include <string>

#include "model/objects.h"

namespace pgdrift::render {

/// The object as COMMENT ON and ALTER name it, e.g. "TABLE public.t",
/// "FUNCTION public.f(integer)", "TRIGGER t ON public.tab", "CAST (text AS public.d)".
/// "" for default privileges, which have no name of their own.
std::string object_target(const model::Object& object);

/// The statement that drops \a object and nothing else (never CASCADE), ending in ";\n".
/// A constraint is dropped with ALTER TABLE; a subscription is first detached from its
/// replication slot, so dropping it never connects to the publisher. "" for default
/// privileges (they are revoked, not dropped).
std::string drop_statement(const model::Object& object);

}  // namespace pgdrift::render
