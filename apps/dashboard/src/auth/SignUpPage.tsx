import { AuthForm } from './AuthForm';

export const SignUpPage = () => <AuthForm mode="signup" />;
