import { AuthForm } from './AuthForm';

export const SignInPage = () => <AuthForm mode="signin" />;
