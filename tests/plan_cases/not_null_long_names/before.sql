CREATE TABLE public.survey (
  answer_to_the_question_asked_first_in_the_forma text,
  answer_to_the_question_asked_first_in_the_formb text
);
